namespace StreamerStudio.Web;

/// <summary>
/// The host's content root is the repository's top level (where appsettings.json and wwwroot live) when run
/// from source, and the app's own folder when published (the publish output carries copies of both).
/// </summary>
public static class ContentRoot
{
    public static string Locate()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "StreamerStudio.sln")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
