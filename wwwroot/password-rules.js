// Ticks the password rules beside a new-password field (PasswordRuleList.razor) as the person types. Mirrors
// Identity's PasswordValidator, whose ASCII-only notion of letters and digits this copies; it only helps: the
// server checks the password again on submit.
(() => {
    const isDigit = c => c >= "0" && c <= "9";
    const isLower = c => c >= "a" && c <= "z";
    const isUpper = c => c >= "A" && c <= "Z";
    const checks = {
        length: (p, n) => p.length >= n,
        lowercase: p => [...p].some(isLower),
        uppercase: p => [...p].some(isUpper),
        digit: p => [...p].some(isDigit),
        symbol: p => [...p].some(c => !isDigit(c) && !isLower(c) && !isUpper(c)),
        unique: (p, n) => new Set(p).size >= n,
    };

    function update(list) {
        const input = document.getElementById(list.dataset.passwordRulesFor);
        if (!input) return;
        for (const item of list.querySelectorAll("li[data-rule]")) {
            const check = checks[item.dataset.rule];
            const met = check ? check(input.value, Number(item.dataset.count)) : false;
            // Only changed rules are touched, so the polite live region announces what just changed.
            if (item.dataset.met !== String(met)) {
                item.dataset.met = String(met);
                item.querySelector(".rule-state").textContent = met ? " (met)" : " (not yet met)";
            }
        }
    }

    const all = () => document.querySelectorAll("[data-password-rules-for]");
    document.addEventListener("input", e => {
        for (const list of all()) {
            if (list.dataset.passwordRulesFor === e.target.id) update(list);
        }
    });
    // A form sent back by the server with the password still filled in starts with the right ticks.
    const start = () => all().forEach(update);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
