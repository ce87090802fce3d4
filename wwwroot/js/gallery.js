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
    show: (grid, html) => { grid.innerHTML = html; },
};
