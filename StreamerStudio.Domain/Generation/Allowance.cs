using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// What a creator can still generate: the month's allowance and their credits. It mirrors how a submission is
/// paid for (<see cref="Plans.TryReserveOrSpendCreditsAsync"/>): a request comes out of the allowance whole when
/// it fits, else out of credits whole, never split between them. Pages ask it before submitting; the submission
/// itself still decides under the lock.
/// </summary>
public sealed record Allowance(string PlanName, int Used, int Limit, int Credits, DateTimeOffset ResetsOn)
{
    public bool IsUnlimited => Limit == TierLimits.Unlimited;

    /// <summary>Assets left this month (int.MaxValue when unlimited).</summary>
    public int Remaining => IsUnlimited ? int.MaxValue : Math.Max(Limit - Used, 0);

    public bool CanPayFor(int outputs) => outputs <= Remaining || outputs <= Credits;

    /// <summary>Whether <paramref name="outputs"/> would be paid with credits (the allowance being short).</summary>
    public bool PaysWithCredits(int outputs) => outputs > Remaining && outputs <= Credits;

    /// <summary>"Uses 6 of your 10 credits (5 assets left this month)": what submitting would take, or why it cannot.</summary>
    public string DescribeCost(int outputs)
    {
        var assets = outputs == 1 ? "1 asset" : $"{outputs} assets";
        if (IsUnlimited)
        {
            return $"Makes {assets}; your {PlanName} plan has no monthly limit.";
        }

        if (outputs <= Remaining)
        {
            return $"Uses {outputs} of your {Remaining} remaining this month.";
        }

        var left = $"{Remaining} left this month";
        return outputs <= Credits
            ? $"Uses {outputs} of your {Credits} credit{(Credits == 1 ? "" : "s")}: your allowance has only {left}."
            : $"Needs {assets}, but you have {left} and {Credits} credit{(Credits == 1 ? "" : "s")}. Upgrade or buy credits to make it, or make fewer.";
    }

    /// <summary>The allowance line: "3 of 5 assets used this month" or "42 assets generated this month".</summary>
    public string Usage => IsUnlimited ? $"{Used} assets generated this month" : $"{Used} of {Limit} assets used this month";
}
