namespace StreamerStudio.Domain.Persistence;

/// <summary>Search text as an ILIKE pattern, with the creator's own % and _ matched literally (escape character \).</summary>
public static class Like
{
    public const string Escape = "\\";

    public static string Containing(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
