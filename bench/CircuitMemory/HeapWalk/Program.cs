using System.Globalization;
using Microsoft.Diagnostics.Runtime;

// What each open circuit keeps, by component, from a heap dump the bench took with circuits held
// (CIRCUIT_MEMORY_DUMPS=<folder>, the "-held.dmp" file):
//   dotnet run -c Release --project bench/CircuitMemory/HeapWalk -- /tmp/dumps/dashboard-held.dmp 100
// For every live component: its frames (the current render tree's length) and the RenderTreeFrame[] arrays its
// ComponentState keeps (current tree, previous tree, parameter snapshot), whose capacity doubles (32, 64, … frames of
// 40 bytes) and never shrinks. Then the strings that many circuits hold a copy of. Divided by the circuits held.
// For sizes by type, `dotnet-dump analyze <file> -c "dumpheap -stat"` on the "-before" and "-held" dumps.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: HeapWalk <dump> [circuits held, 100]");
    return 1;
}

using var target = DataTarget.LoadDump(args[0]);
var heap = target.ClrVersions[0].CreateRuntime().Heap;
var circuits = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var components = new Dictionary<string, (int Count, long Bytes, long Frames, long Arrays)>();
var strings = new Dictionary<string, (int Count, long Bytes)>();
foreach (var obj in heap.EnumerateObjects())
{
    if (obj.Type is not { } type)
    {
        continue;
    }

    if (type.IsString)
    {
        var text = obj.AsString(200) ?? "";
        var seen = strings.GetValueOrDefault(text);
        strings[text] = (seen.Count + 1, seen.Bytes + (long)obj.Size);
        continue;
    }

    if (!IsComponentState(type))
    {
        continue;
    }

    var name = obj.ReadObjectField("<Component>k__BackingField").Type?.Name ?? "?";
    long bytes = 0, frames = 0, arrays = 0;
    foreach (var fieldName in new[] { "<CurrentRenderTree>k__BackingField", "_nextRenderTree", "_latestDirectParametersSnapshot" })
    {
        if ((type.GetFieldByName(fieldName) ?? type.BaseType?.GetFieldByName(fieldName)) is not { } field)
        {
            continue;
        }

        var arrayBytes = FrameArrayBytes(field.ReadObject(obj.Address, interior: false), out var used);
        bytes += arrayBytes;
        arrays += arrayBytes > 0 ? 1 : 0;
        if (fieldName.StartsWith("<Current", StringComparison.Ordinal))
        {
            frames = used;
        }
    }

    var sum = components.GetValueOrDefault(name);
    components[name] = (sum.Count + 1, sum.Bytes + bytes, sum.Frames + frames, sum.Arrays + arrays);
}

Console.WriteLine("| component | per circuit | frames (current tree) | frame arrays | KB of frame arrays per circuit |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (name, c) in components.OrderByDescending(c => c.Value.Bytes))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| `{name}` | {c.Count / circuits:0.00} | {c.Frames / (double)c.Count:0} | {c.Arrays / (double)c.Count:0.0} | {c.Bytes / circuits / 1024:0.00} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"\nComponents per circuit {components.Values.Sum(c => c.Count) / circuits:0.0}, frame arrays {components.Values.Sum(c => c.Bytes) / circuits / 1024:0.0} KB per circuit.\n"));
Console.WriteLine("Strings held many times (KB per circuit, copies per circuit, text):");
foreach (var (text, s) in strings.Where(s => s.Value.Count >= circuits / 2).OrderByDescending(s => s.Value.Bytes).Take(30))
{
    var line = text.ReplaceLineEndings(" ");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{s.Bytes / circuits / 1024,8:0.00} {s.Count / circuits,6:0.0}  {line[..Math.Min(120, line.Length)]}"));
}

return 0;

static bool IsComponentState(ClrType? type)
{
    for (; type is not null; type = type.BaseType)
    {
        if (type.Name == "Microsoft.AspNetCore.Components.Rendering.ComponentState")
        {
            return true;
        }
    }

    return false;
}

// A RenderTreeBuilder's or ArrayBuilder's backing array: its size in bytes, and how many of its frames are in use.
static long FrameArrayBytes(ClrObject builder, out long used)
{
    used = 0;
    if (builder.IsNull || builder.Type?.Name is not { } name)
    {
        return 0;
    }

    if (name.EndsWith("RenderTreeBuilder", StringComparison.Ordinal))
    {
        return FrameArrayBytes(builder.ReadObjectField("_entries"), out used);
    }

    used = builder.ReadField<int>("_itemsInUse");
    var items = builder.ReadObjectField("_items");
    return items.IsNull ? 0 : (long)items.Size;
}
