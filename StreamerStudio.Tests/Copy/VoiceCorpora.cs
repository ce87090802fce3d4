namespace StreamerStudio.Tests.Copy;

/// <summary>Two clearly different voices, 25 past titles each.</summary>
internal static class VoiceCorpora
{
    /// <summary>A loud competitive gamer: ALL CAPS words, exclamation marks, fire emoji, "insane" and "clutch".</summary>
    public static readonly string[] Hype =
    [
        "INSANE CLUTCH in ranked!! 🔥🔥",
        "I went 40 KILLS in one game!! 😱🔥",
        "THIS is the most INSANE clutch ever!! 🔥",
        "NO WAY I hit this shot!! 😤",
        "RANKED grind to PREDATOR day 3!! 🔥",
        "INSANE 1v4 CLUTCH with the squad!! 🏆",
        "WE WON the tournament!! 🏆🔥",
        "the most INSANE sniper shot in ranked!! 😱",
        "40 KILL game in ranked!! 🔥🔥",
        "I CANNOT believe this CLUTCH!! 😱",
        "GOING PRO?? ranked grind day 10!! 🔥",
        "INSANE ranked comeback!! 🔥😤",
        "NEW RECORD: 50 KILLS!! 🏆",
        "this CLUTCH broke chat!! 😱🔥",
        "HARDEST ranked grind ever!! 😤",
        "INSANE squad wipe in ranked!! 🔥",
        "1v3 CLUTCH for the WIN!! 🏆",
        "PREDATOR rank FINALLY!! 🔥🔥",
        "the CRAZIEST clutch of my life!! 😱",
        "RANKED grind NEVER stops!! 😤🔥",
        "INSANE sniper montage!! 🔥",
        "WE DROPPED 30 KILLS in ranked!! 🏆",
        "NO MERCY ranked grind!! 😤",
        "INSANE 40 KILL CLUTCH game!! 🔥😱",
        "TOP 1 in ranked AGAIN!! 🏆🔥",
    ];

    /// <summary>A calm cozy streamer: all lower case, ellipses, no emoji, "cozy", "tea", "rainy".</summary>
    public static readonly string[] Cozy =
    [
        "a cozy rainy evening in stardew valley…",
        "tending the garden with tea and lofi",
        "slow morning farming, cozy vibes only",
        "building a little cottage by the river…",
        "a quiet evening of cozy crafting",
        "tea, rain and a cozy puzzle game",
        "decorating the farmhouse for autumn…",
        "a calm night of fishing by the lake",
        "cozy island life, slow and gentle",
        "planting pumpkins on a rainy afternoon…",
        "reading letters from villagers with tea",
        "a gentle walk through the autumn forest",
        "cozy cooking night with lofi music…",
        "slow knitting and cozy chat",
        "watering the garden on a rainy morning",
        "a quiet cozy evening with the cat…",
        "building a tiny greenhouse, slowly",
        "rainy day tea and cozy games",
        "a calm evening of garden planning…",
        "gentle farming with lofi and tea",
        "cozy winter cabin decorating",
        "a slow quiet morning in the village…",
        "fishing at dawn with a cup of tea",
        "cozy rainy night, just vibes…",
        "a gentle evening in the cottage garden",
    ];
}
