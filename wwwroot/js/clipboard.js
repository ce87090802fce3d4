// Copies text for the share-link buttons. A file, not an inline script: the Content-Security-Policy forbids those.
export async function copyText(text) {
    await navigator.clipboard.writeText(text);
}
