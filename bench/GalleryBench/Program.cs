using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Persistence;

// The gallery's first page for a creator with 10,000 assets (server time, p50/p95), and the preview bytes
// a 48-card page transfers. Starts its own throwaway PostgreSQL; nothing is left behind.
// Usage: dotnet run -c Release --project bench/GalleryBench [runs] [markdown output file]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var output = args.Length > 1 ? args[1] : null;
var folder = Path.Combine(Path.GetTempPath(), $"gallery-bench-{Environment.ProcessId}");
await using var postgres = await EmbeddedPostgres.StartAsync(folder, "fsync=off", "synchronous_commit=off");
try
{
    await postgres.CreateDatabaseAsync("bench");
    var options = new DbContextOptionsBuilder<StudioDbContext>()
        .UseNpgsql(postgres.ConnectionString("bench")).UseSnakeCaseNamingConvention().Options;
    var factory = new PooledDbContextFactory<StudioDbContext>(options);
    Guid userId;
    await using (var db = factory.CreateDbContext())
    {
        await db.Database.MigrateAsync();
        var user = new User { UserName = "bench@example.com", Email = "bench@example.com" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        userId = user.Id;
        // 10,000 assets over the last 300 days, mixed types and scores; a second creator with 10,000 more, so
        // the query has to find one creator's rows among others'.
        var other = new User { UserName = "other@example.com", Email = "other@example.com" };
        db.Users.Add(other);
        await db.SaveChangesAsync();
        foreach (var owner in new[] { userId, other.Id })
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO assets (id, user_id, asset_type, width, height, format, file_size_bytes, storage_key, is_public,
                                    prompt_used, viral_score, viral_suggestions, created_at)
                SELECT gen_random_uuid(), {owner},
                       (ARRAY['thumbnail','overlay','banner','offline_screen','story_graphic','clip_cover'])[1 + i % 6],
                       1280, 720, 'png', 200000 + i, {owner.ToString("N")} || '/' || i || '.png', i % 10 = 0,
                       'Stream ' || i || ' ranked grind', i % 101, ARRAY[]::text[], now() - (i || ' minutes')::interval * 43
                  FROM generate_series(1, 10000) AS i
                """);
        }

        await db.Database.ExecuteSqlRawAsync("ANALYZE assets");
    }

    var storage = new LocalAssetStorage(Path.Combine(folder, "files"));
    var service = new AssetService(factory, storage, TimeProvider.System, new StreamerStudio.Domain.Admin.AuditTrail(factory, new StreamerStudio.Domain.Admin.RequestOrigin()));
    var report = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"Gallery benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL on the same machine, {runs} runs per case after 20 warm-ups.")
        .AppendLine()
        .AppendLine("| query (creator with 10,000 assets, 48 per page) | p50 ms | p95 ms | max ms |")
        .AppendLine("|---|---|---|---|");
    (string Name, GalleryQuery Query)[] cases =
    [
        ("first page, newest", new GalleryQuery()),
        ("first page, by viral score", new GalleryQuery { Sort = GallerySort.ViralScore }),
        ("type filter (thumbnails)", new GalleryQuery { AssetType = AssetType.Thumbnail }),
        ("search \"ranked\" (matches all)", new GalleryQuery { Search = "ranked" }),
        ("search \"Stream 42 \" (few matches)", new GalleryQuery { Search = "Stream 42 " }),
        ("page 100", new GalleryQuery { Page = 100 }),
    ];
    foreach (var (name, query) in cases)
    {
        for (var i = 0; i < 20; i++)
        {
            await service.ListAsync(userId, query);
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var page = await service.ListAsync(userId, query);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (page.Items.Count == 0)
            {
                throw new InvalidOperationException($"{name} returned nothing.");
            }
        }

        times.Sort();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {times[times.Count / 2]:0.0} | {times[(int)(times.Count * 0.95)]:0.0} | {times[^1]:0.0} |");
    }

    // Preview bytes: 48 real renders (8 of each asset type), their gallery previews against their full files.
    var renderer = new AssetRenderer();
    long previewBytes = 0, fullBytes = 0;
    var n = 0;
    foreach (var spec in AssetCatalogue.All.Where(s => s.Type != AssetType.Banner || s.Platform == StreamerStudio.Domain.Platforms.Platform.Youtube))
    {
        for (var i = 0; i < 8; i++, n++)
        {
            var rendered = renderer.Render(new RenderRequest(spec, spec.Formats[0], BrandStyle.Default, "Road to Diamond", "Ranked every night", "LIVE", 100 + i));
            fullBytes += rendered.Bytes.Length;
            previewBytes += AssetImages.Preview(rendered.Bytes).Length;
        }
    }

    report.AppendLine()
        .AppendLine(CultureInfo.InvariantCulture, $"A {n}-card page transfers {previewBytes / 1024.0:0} KB of previews (JPEG when opaque, WebP with transparency) ({previewBytes / n / 1024.0:0.0} KB per card, long side {AssetImages.PreviewLongSide} px); the same {n} full files would be {fullBytes / 1024.0 / 1024.0:0.0} MB.");
    Console.Write(report);
    if (output is not null)
    {
        await File.WriteAllTextAsync(output, report.ToString());
    }
}
finally
{
    await postgres.StopAsync();
    Directory.Delete(folder, recursive: true);
}
