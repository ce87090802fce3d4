using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Billing;

/// <summary>When Stripe cannot be reached, the creator reads why and nothing changed.</summary>
public sealed class StripeOutageTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task Checkout_portal_and_credit_packs_refuse_with_a_readable_message_and_change_nothing()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        var billing = new BillingService(
            app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(),
            Options.Create(new StripeOptions
            {
                SecretKey = "sk_test_unreachable",
                ApiBase = $"http://127.0.0.1:{ClosedPort()}",
                Pro = { MonthlyPriceId = "price_pro" },
                CreditPacks = [new CreditPack { PriceId = "price_pack", Credits = 10, AmountCents = 500 }],
            }),
            TimeProvider.System,
            NullLogger<BillingService>.Instance);

        var calls = new Func<Task<string>>[]
        {
            () => billing.StartCheckoutAsync(user.Id, SubscriptionTier.Pro, yearly: false, "http://localhost/"),
            () => billing.BuyCreditsAsync(user.Id, "price_pack", "http://localhost/"),
        };
        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<RequestRefusedException>(call);
            Assert.Equal(BillingService.StripeUnreachable, refused.Message);
        }

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var stored = await db.Users.Include(u => u.Subscription).SingleAsync(u => u.Id == user.Id);
        Assert.Null(stored.StripeCustomerId);
        Assert.Equal(SubscriptionTier.Free, stored.Subscription!.Tier);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
