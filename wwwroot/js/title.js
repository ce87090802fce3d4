// The live circuit's page title (Components/Layout/DocumentTitle.razor). A file, not an inline script: the
// Content-Security-Policy forbids those.
window.studioTitle = {
    set: text => { document.title = text; },
};
