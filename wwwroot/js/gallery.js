// The gallery's cards on the live circuit (Components/Pages/Gallery/GalleryCards.razor): the server sends a page of
// cards' HTML once and keeps no render tree of them; this puts it in the grid, which Blazor renders empty.
// Loaded right after blazor.web.js, so the custom event exists before the circuit renders a handler for it.
Blazor.registerCustomEventType('cardselect', {
    browserEventName: 'change',
    createEventArgs: event => ({
        assetId: event.target.dataset?.assetId ?? '',
        selected: event.target.checked === true,
    }),
});

window.studioGallery = {
    // A page of cards arrives in a few calls: the first replaces what the grid showed, the others append.
    show: (gridId, html, how) => {
        const grid = document.getElementById(gridId);
        if (!grid) {
            return;
        }

        if (how === 'append') {
            grid.insertAdjacentHTML('beforeend', html);
        } else {
            grid.innerHTML = html;
            // A readiness mark for whoever waits on the live cards (the browser tests).
            grid.dataset.cards = 'live';
        }
    },

    // The server changed the selection (select all, clear): the boxes of the cards with these ids, comma-separated,
    // are ticked and all others cleared.
    tick: (gridId, tickedIds) => {
        const ticked = new Set(tickedIds.split(','));
        for (const box of document.getElementById(gridId)?.querySelectorAll('input.gallery-select') ?? []) {
            box.checked = ticked.has(box.dataset.assetId);
        }
    },
};
