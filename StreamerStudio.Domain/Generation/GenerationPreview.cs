using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Media;

namespace StreamerStudio.Domain.Generation;

/// <summary>
/// The Generate page's live preview: the one place outside the worker that renders, so submitting and listing jobs
/// need no renderer, storage or media library.
/// </summary>
public sealed class GenerationPreview(
    IDbContextFactory<StudioDbContext> dbFactory,
    IAssetRenderer renderer,
    IAssetStorage storage,
    MediaLibrary media)
{
    /// <summary>
    /// What the first asset of a request looks like with its brand kit, text and chosen pictures, as a small JPEG (WebP
    /// when the asset has transparency) for the Generate page. One fixed seed, so it shows a layout, not the one each job will pick. Another creator's
    /// pictures are left out, as the worker would.
    /// </summary>
    public async Task<byte[]> PreviewAsync(Guid userId, GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var type = request.AssetTypes.Where(t => Enum.IsDefined(t) && AssetCatalogue.Exists(t, null)).DefaultIfEmpty(AssetType.Thumbnail).First();
        var spec = AssetCatalogue.For(type, request.Platform);
        BrandKits.BrandKit? kit;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var kitId = await GenerationService.ResolveBrandKitAsync(db, userId, request.BrandKitId, cancellationToken);
            kit = kitId is { } id ? await db.BrandKits.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken) : null;
        }

        var brand = await GenerationWorker.BrandStyleAsync(kit, storage, cancellationToken);
        var background = await media.LoadForRenderAsync(userId, request.BackgroundMediaId, cancellationToken);
        var subject = await media.LoadForRenderAsync(userId, request.SubjectMediaId, cancellationToken);
        var headline = string.IsNullOrWhiteSpace(request.Headline) ? "Your headline here" : request.Headline.Trim();
        var render = new RenderRequest(spec, AssetFormat.Jpeg, brand, headline,
            string.IsNullOrWhiteSpace(request.Subline) ? null : request.Subline.Trim(),
            string.IsNullOrWhiteSpace(request.Badge) ? null : request.Badge.Trim(),
            Seed: 0, background?.Bytes, background?.Focus, subject?.Bytes, subject?.Focus);
        // Rendering is CPU work of tens of milliseconds; off the caller's (a circuit's) thread.
        return await Task.Run(() => renderer.Render(render).Preview, cancellationToken);
    }
}
