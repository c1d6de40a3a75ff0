using SimdActivations.Tests.Infrastructure;

namespace SimdActivations.AccuracySweep;

/// <summary>The committed mpmath tables, read from the repository.</summary>
internal static class ReferenceTables
{
    private const string RelativePath = "tests/SimdActivations.Tests/ReferenceTables";

    /// <summary>Walks up from the working directory and from the tool's own directory to the repository root.</summary>
    public static string Locate()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, RelativePath);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"Run inside the repository: {RelativePath} was not found above {Directory.GetCurrentDirectory()}.");
    }

    public static IEnumerable<ReferenceTable> All(string directory) =>
        ReferenceTable.FileNames(directory).Select(name => ReferenceTable.Load(name, directory));
}
