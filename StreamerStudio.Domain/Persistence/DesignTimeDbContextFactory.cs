using Microsoft.EntityFrameworkCore.Design;

namespace StreamerStudio.Domain.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<StudioDbContext>
{
    public StudioDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<StudioDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=design_time")
        .UseSnakeCaseNamingConvention()
        .Options);
}
