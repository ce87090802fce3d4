using Microsoft.AspNetCore.Components.Server.Circuits;
using StreamerStudio.Domain.Admin;

namespace StreamerStudio.Web;

/// <summary>Fills <see cref="RequestOrigin"/> (for the audit log) from each HTTP request.</summary>
public static class RequestOrigins
{
    public static IApplicationBuilder UseRequestOrigins(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var origin = http.RequestServices.GetRequiredService<RequestOrigin>();
        origin.IpAddress = http.Connection.RemoteIpAddress;
        origin.UserAgent = http.Request.Headers.UserAgent.ToString();
        await next(http);
    });
}

/// <summary>A circuit's scope outlives its first request; it takes the address and browser of the connection that opened it.</summary>
internal sealed class RequestOriginCircuitHandler(RequestOrigin origin, IHttpContextAccessor accessor) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } http)
        {
            origin.IpAddress = http.Connection.RemoteIpAddress;
            origin.UserAgent = http.Request.Headers.UserAgent.ToString();
        }

        return Task.CompletedTask;
    }
}
