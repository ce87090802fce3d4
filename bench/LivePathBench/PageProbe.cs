namespace LivePathBench;

/// <summary>
/// Installed into every page before its own scripts: records, on the page's clock, the first click of a try and every
/// DOM change the bench times. A MutationObserver's callback runs right after Blazor applies a render batch, so its
/// reading is when the change is in the DOM; an image counts once its load event has fired with pixels.
/// </summary>
internal static class PageProbe
{
    public const string Script =
        """
        (() => {
          const now = () => performance.timeOrigin + performance.now();
          const b = window.__bench = {
            clickAt: null, status: {}, images: {}, streamed: null, batchShown: null, batchAt: null,
            reset() { this.clickAt = null; this.streamed = null; },
          };
          // Capture phase on the window: before Blazor's own delegated handler sees the click.
          window.addEventListener('click', () => { if (b.clickAt === null) b.clickAt = now(); }, true);
          const seen = new WeakSet();
          const scan = () => {
            const t = now();
            for (const card of document.querySelectorAll('[data-testid=job]')) {
              const id = card.getAttribute('data-job-id');
              const byStatus = b.status[id] ??= {};
              byStatus[card.getAttribute('data-status')] ??= t;
              for (const img of card.querySelectorAll('.job-asset img')) {
                if (seen.has(img)) continue;
                seen.add(img);
                const loaded = () => { if (img.naturalWidth > 0) b.images[id] ??= now(); };
                if (img.complete) loaded(); else img.addEventListener('load', loaded, { once: true });
              }
            }
            const streamed = document.querySelector('[data-testid=streamed]');
            if (streamed && streamed.textContent.length > 0) b.streamed ??= t;
            const shown = document.querySelector('[data-testid=batch-types]') !== null;
            if (shown !== b.batchShown) { b.batchShown = shown; b.batchAt = t; }
          };
          new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
        })();
        """;
}
