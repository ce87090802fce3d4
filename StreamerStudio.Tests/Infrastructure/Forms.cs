using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// Posts one of our static (server-rendered) forms over HTTP the way a browser would: fetches the page for its
/// hidden fields (form name, antiforgery token, with the cookie in the context's jar), then posts them with the
/// given values. Redirects are not followed, so tests see exactly what the server answered.
/// </summary>
public static partial class Forms
{
    public static async Task<IAPIResponse> PostAsync(this IAPIRequestContext http, string pagePath, IReadOnlyDictionary<string, string> values, string? postPath = null)
    {
        var page = await http.GetAsync(pagePath);
        Assert.Equal(200, page.Status);
        var form = HiddenInputs(await page.TextAsync());
        foreach (var (name, value) in values)
        {
            form[name] = value;
        }

        var data = http.CreateFormData();
        foreach (var (name, value) in form)
        {
            data.Set(name, value);
        }

        return await http.PostAsync(postPath ?? pagePath, new() { Form = data, MaxRedirects = 0 });
    }

    /// <summary>Where a redirect points, resolved against the app; the host is checked so "/" cannot hide another site.</summary>
    public static string RedirectPath(this IAPIResponse response, string baseUrl)
    {
        Assert.True(response.Status is 301 or 302 or 303 or 307 or 308, $"Expected a redirect, got {response.Status}");
        var target = new Uri(new Uri(baseUrl), response.Headers["location"]);
        Assert.Equal(new Uri(baseUrl).Authority, target.Authority);
        return target.PathAndQuery;
    }

    private static Dictionary<string, string> HiddenInputs(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match input in HiddenInput().Matches(html))
        {
            var name = Attribute(input.Value, "name");
            if (name is not null)
            {
                fields[name] = Attribute(input.Value, "value") ?? "";
            }
        }

        return fields;
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();
}
