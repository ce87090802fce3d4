using Microsoft.AspNetCore.Http.HttpResults;

namespace StreamerStudio.Web.Security;

/// <summary>Where a return URL from the browser may send a person: a path on this site, else the home page.</summary>
public static class LocalUrl
{
    /// <summary>
    /// The URL as a root-relative path when it is one of ours; "/" for anything else (another host, a scheme such as
    /// <c>https:evil.example</c> or <c>javascript:</c>, <c>//host</c>, <c>/\host</c>, control characters).
    /// Our own links also use base-relative paths (<c>Account/Login</c>), which become root-relative.
    /// </summary>
    public static string OrRoot(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Any(c => char.IsControl(c) || c == '\\'))
        {
            return "/";
        }

        // A colon before the first separator is a scheme ("https:", "javascript:"): never ours.
        var pathEnd = url.IndexOfAny(['/', '?', '#']);
        if (url.IndexOf(':') is var colon && colon >= 0 && (pathEnd < 0 || colon < pathEnd))
        {
            return "/";
        }

        var path = url.StartsWith('/') ? url : "/" + url;
        return RedirectHttpResult.IsLocalUrl(path) ? path : "/";
    }
}
