using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Generation;

/// <summary>What Generate says a request costs before it is submitted, paid as Plans pays it: allowance whole, else credits whole.</summary>
public sealed class AllowanceTests
{
    private static readonly DateTimeOffset Reset = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_request_that_fits_the_allowance_says_how_much_of_it_it_uses()
    {
        var allowance = new Allowance("Free", 0, 5, 0, Reset);

        Assert.True(allowance.CanPayFor(5));
        Assert.Equal("Uses 5 of your 5 remaining this month.", allowance.DescribeCost(5));
    }

    [Fact]
    public void A_stream_pack_larger_than_the_allowance_is_paid_with_credits_and_says_so()
    {
        var allowance = new Allowance("Free", 0, 5, 10, Reset);

        Assert.True(allowance.PaysWithCredits(6));
        Assert.Equal("Uses 6 of your 10 credits: your allowance has only 5 left this month.", allowance.DescribeCost(6));
    }

    [Fact]
    public void A_request_neither_covers_cannot_be_paid_for_and_says_why()
    {
        var allowance = new Allowance("Free", 0, 5, 3, Reset);

        Assert.False(allowance.CanPayFor(6));
        Assert.Equal("Needs 6 assets, but you have 5 left this month and 3 credits. Upgrade or buy credits to make it, or make fewer.",
            allowance.DescribeCost(6));
        Assert.True(new Allowance("Studio", 900, TierLimits.Unlimited, 0, Reset).CanPayFor(25));
    }
}
