// Whether the device asks for dark: the layout's light/dark switch offers the other one while the creator has not
// chosen. A file, not an inline script: the Content-Security-Policy forbids those.
window.studioTheme = {
    prefersDark: () => window.matchMedia("(prefers-color-scheme: dark)").matches,
};
