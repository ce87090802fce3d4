// The gallery's cards on the live circuit (Components/Pages/Gallery/GalleryCards.razor): the server sends a page of
// cards' HTML once and keeps no render tree of them; this puts it in the grid, which Blazor renders empty.
// Loaded right after blazor.web.js, so the custom event exists before the circuit renders a handler for it.
Blazor.registerCustomEventType('cardselect', {
    browserEventName: 'change',
    createEventArgs: event => ({
        assetId: event.target.dataset?.assetId ?? '',
        selected: event.target.checked === true,
        // The number of the last page of cards or ticks the grid applied (see GalleryCards.razor).
        seen: Number(event.target.closest?.('.gallery-grid')?.dataset.seen ?? 0),
    }),
});

// Parts of a page of cards that came before its last part, by grid.
const arriving = new Map();

window.studioGallery = {
    // A page of cards arrives in parts (numbered pages, numbered parts); it goes into the grid in one piece when the
    // last part has come, so the grid never shows half a page.
    show: (gridId, number, part, parts, html) => {
        let page = arriving.get(gridId);
        if (!page || page.number !== number) {
            page = { number, html: new Array(parts), received: 0 };
            arriving.set(gridId, page);
        }

        page.html[part] = html;
        page.received++;
        if (page.received < parts) {
            return;
        }

        arriving.delete(gridId);
        const grid = document.getElementById(gridId);
        if (grid) {
            grid.innerHTML = page.html.join('');
            grid.dataset.seen = String(number);
            // A readiness mark for whoever waits on the live cards (the browser tests).
            grid.dataset.cards = 'live';
        }
    },

    // The server changed the selection (select all, clear): the boxes of the cards with these ids, comma-separated,
    // are ticked and all others cleared.
    tick: (gridId, number, tickedIds) => {
        const grid = document.getElementById(gridId);
        if (!grid) {
            return;
        }

        const ticked = new Set(tickedIds.split(','));
        for (const box of grid.querySelectorAll('input.gallery-select')) {
            box.checked = ticked.has(box.dataset.assetId);
        }

        grid.dataset.seen = String(number);
    },
};
