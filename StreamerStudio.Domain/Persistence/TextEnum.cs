using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StreamerStudio.Domain.Persistence;

/// <summary>The text an enum value is stored and shown as: <c>StoryGraphic</c> is <c>story_graphic</c>.</summary>
public static class TextEnum
{
    public static string ToText<T>(T value) where T : struct, Enum => Name(value.ToString());

    public static T Parse<T>(string text) where T : struct, Enum =>
        Enum.GetValues<T>().First(v => ToText(v) == text);

    public static IEnumerable<string> Values(Type enumType) => Enum.GetNames(enumType).Select(Name);

    private static string Name(string member) => JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
}

internal sealed class TextEnumConverter<T>() : ValueConverter<T, string>(
    v => TextEnum.ToText(v),
    s => TextEnum.Parse<T>(s)) where T : struct, Enum;
