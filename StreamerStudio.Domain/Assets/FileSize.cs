using System.Globalization;

namespace StreamerStudio.Domain.Assets;

/// <summary>How the product writes file sizes: binary units with one decimal at most ("40 MB", "1.5 GB", "512 B").</summary>
public static class FileSize
{
    public static string Text(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
