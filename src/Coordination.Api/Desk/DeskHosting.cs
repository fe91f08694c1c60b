using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace Coordination.Desk;

/// <summary>
/// The desk: static ES modules from wwwroot at "/". Every asset is addressed as /d/{version}/path, where version is a
/// hash of all of wwwroot, so relative module imports carry it too and the files can be cached for a year.
/// </summary>
public sealed class DeskAssets
{
    public const string Prefix = "/d/";

    /// <summary>Pages run only their own files: no inline script, no inline style, no third-party origin.</summary>
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                                     "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " +
                                     "form-action 'self'; frame-ancestors 'none'";

    public string Version { get; }
    public string IndexHtml { get; }

    public DeskAssets(IWebHostEnvironment environment)
    {
        var root = environment.WebRootFileProvider;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, file) in Files(root, "").OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(path));
            using var stream = file.CreateReadStream();
            sha.AppendData(SHA256.HashData(stream));
        }

        Version = Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
        var index = root.GetFileInfo("index.html");
        IndexHtml = index.Exists
            ? File.ReadAllText(index.PhysicalPath!).Replace("{{v}}", Prefix + Version)
                .Replace("{{development}}", environment.IsDevelopment() ? "true" : "false")
            : "";
    }

    private static IEnumerable<(string Path, IFileInfo File)> Files(IFileProvider provider, string folder)
    {
        foreach (var entry in provider.GetDirectoryContents(folder))
        {
            var path = folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}";
            if (entry.IsDirectory)
                foreach (var inner in Files(provider, path)) yield return inner;
            else yield return (path, entry);
        }
    }
}

public static class DeskHosting
{
    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddSingleton<DeskAssets>();
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml", "application/problem+json"]);
        });
        return services;
    }

    /// <summary>Compression, the versioned asset paths and the pages' own headers; call before authentication.</summary>
    public static WebApplication UseDesk(this WebApplication app)
    {
        app.UseResponseCompression();
        var assets = app.Services.GetRequiredService<DeskAssets>();
        app.Use((http, next) =>
        {
            var path = http.Request.Path.Value ?? "";
            if (path.StartsWith("/api", StringComparison.Ordinal) || path.StartsWith("/swagger", StringComparison.Ordinal) ||
                path.StartsWith("/health", StringComparison.Ordinal))
                return next(http);

            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = DeskAssets.PagePolicy;
            if (path.StartsWith(DeskAssets.Prefix, StringComparison.Ordinal))
            {
                var rest = path[DeskAssets.Prefix.Length..];
                var slash = rest.IndexOf('/');
                if (slash > 0)
                {
                    var current = rest[..slash] == assets.Version;
                    http.Request.Path = rest[slash..];
                    headers.CacheControl = current ? "public, max-age=31536000, immutable" : "no-cache";
                }
            }
            else if (path.StartsWith("/lib/", StringComparison.Ordinal))
                headers.CacheControl = "public, max-age=31536000, immutable"; // vendored under their version number
            else headers.CacheControl = "no-cache";

            return next(http);
        });
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapDesk(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (DeskAssets assets) => Results.Content(assets.IndexHtml, "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
