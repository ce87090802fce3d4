
namespace StreamerStudio.Domain;

/// <summary>
/// Where the app keeps its own files (embedded cluster, outbox, local assets, development certificate):
/// <c>DataFolder</c>, relative to the content root.
/// </summary>
public static class DataFolder
{
    public static string Of(IHostApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["DataFolder"] ?? ".data", builder.Environment.ContentRootPath);
}
