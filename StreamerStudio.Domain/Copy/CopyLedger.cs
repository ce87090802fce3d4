using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// One model in the catalogue the ledger prices calls from (seed 002 <c>ai_model</c>), per million tokens as providers
/// publish their prices. The built-in engine is a row at 0; a model not in the catalogue is recorded with no cost.
/// </summary>
public class AiModel
{
    public Guid Id { get; set; }
    /// <summary>As the provider is configured with it (<c>Copy:Provider:Model</c>), matched without regard to case.</summary>
    public required string ModelName { get; set; }
    public required string DisplayName { get; set; }
    public required string Provider { get; set; }
    public decimal InputCostPerMillion { get; set; }
    public decimal OutputCostPerMillion { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>USD for a call's tokens.</summary>
    public decimal CostOf(int promptTokens, int completionTokens) =>
        decimal.Round((promptTokens * InputCostPerMillion + completionTokens * OutputCostPerMillion) / 1_000_000m, 6);
}

/// <summary>How an engine call ended. Only <see cref="Running"/> and <see cref="Done"/> count toward the monthly allowance.</summary>
public enum AiOutcome
{
    /// <summary>Reserved and under way; the row is finished whatever happens next.</summary>
    Running,
    Done,
    /// <summary>The provider or the engine refused it (busy, its own error, an answer not in the shape asked for, too slow).</summary>
    Refused,
    Cancelled,
    /// <summary>Something unexpected: a bug, not the provider.</summary>
    Failed,
}

/// <summary>
/// One engine call (seed 002 <c>ai_usage</c>): who, which kit, engine and model, tokens as the provider reported them,
/// cost from the <see cref="AiModel"/> catalogue (null when the model is not in it), how long, how it ended. The row is
/// written when the call is reserved, so it is also the allowance's counter.
/// </summary>
public class AiUsage
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid? BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    public Guid? ModelId { get; set; }
    public AiModel? Model { get; set; }
    public string Operation { get; set; } = CopyWriter.Operation;
    public required string Engine { get; set; }
    public required string ModelName { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public int TotalTokens { get; set; }
    public decimal? CostUsd { get; set; }
    public int DurationMs { get; set; }
    public AiOutcome Outcome { get; set; } = AiOutcome.Running;
    /// <summary>What the creator was told when it did not finish.</summary>
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class AiModelConfiguration : IEntityTypeConfiguration<AiModel>
{
    private static readonly DateTimeOffset Seeded = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public void Configure(EntityTypeBuilder<AiModel> model)
    {
        model.ToTable("ai_models", t =>
        {
            t.HasCheckConstraint("ck_ai_models_costs", "input_cost_per_million >= 0 AND output_cost_per_million >= 0");
            t.HasCheckConstraint("ck_ai_models_model_name", "btrim(model_name) <> ''");
        });
        model.Property(m => m.InputCostPerMillion).HasPrecision(12, 4);
        model.Property(m => m.OutputCostPerMillion).HasPrecision(12, 4);
        model.HasIndex(m => m.ModelName).IsUnique();
        // Published list prices when this was written; admins keep them current in the table.
        model.HasData(
            Row("0b3c6e1e-5b1f-4c53-9a0e-000000000001", CopyWriter.BuiltInModel, "Built-in engine", "built-in", 0m, 0m),
            Row("0b3c6e1e-5b1f-4c53-9a0e-000000000002", "gpt-4o-mini", "GPT-4o mini", "openai", 0.15m, 0.60m),
            Row("0b3c6e1e-5b1f-4c53-9a0e-000000000003", "gpt-4o", "GPT-4o", "openai", 2.50m, 10.00m),
            Row("0b3c6e1e-5b1f-4c53-9a0e-000000000004", "gpt-4.1-mini", "GPT-4.1 mini", "openai", 0.40m, 1.60m),
            Row("0b3c6e1e-5b1f-4c53-9a0e-000000000005", "gpt-4.1", "GPT-4.1", "openai", 2.00m, 8.00m),
            Row("0b3c6e1e-5b1f-4c53-9a0e-000000000006", "llama3.1", "Llama 3.1 (local, Ollama)", "ollama", 0m, 0m));
    }

    private static AiModel Row(string id, string name, string display, string provider, decimal input, decimal output) => new()
    {
        Id = Guid.Parse(id),
        ModelName = name,
        DisplayName = display,
        Provider = provider,
        InputCostPerMillion = input,
        OutputCostPerMillion = output,
        CreatedAt = Seeded,
        UpdatedAt = Seeded,
    };
}

internal sealed class AiUsageConfiguration : IEntityTypeConfiguration<AiUsage>
{
    public void Configure(EntityTypeBuilder<AiUsage> usage)
    {
        usage.ToTable("ai_usage", t =>
        {
            t.HasCheckConstraint("ck_ai_usage_tokens", "prompt_tokens >= 0 AND completion_tokens >= 0 AND total_tokens >= 0");
            t.HasCheckConstraint("ck_ai_usage_duration_ms", "duration_ms >= 0");
        });
        usage.HasOne(u => u.User).WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        usage.HasOne(u => u.BrandKit).WithMany().HasForeignKey(u => u.BrandKitId).OnDelete(DeleteBehavior.SetNull);
        usage.HasOne(u => u.Model).WithMany().HasForeignKey(u => u.ModelId).OnDelete(DeleteBehavior.SetNull);
        usage.Property(u => u.CostUsd).HasPrecision(14, 6);
        usage.Property(u => u.Operation).HasMaxLength(64);
        usage.Property(u => u.Error).HasMaxLength(1_000);
        // The allowance counts a creator's calls since a date; the admin overview sums a month.
        usage.HasIndex(u => new { u.UserId, u.CreatedAt });
        usage.HasIndex(u => u.CreatedAt);
    }
}
