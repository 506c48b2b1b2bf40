using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Hosting;

// One executable; its roles (gateway, conductor or both) come from configuration section "Ironic".
// appsettings.json is read from beside the executable, so `dotnet run --project` works from any folder;
// relative paths in settings (the SQLite data directory) are relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddIronicActors(builder.Configuration);

var app = builder.Build();
if (app.Services.GetRequiredService<IronicOptions>().IsGateway)
    app.MapIronicApi();
app.Run();
