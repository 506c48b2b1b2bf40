using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Hosting;
using Ironic.Actors.Hosting.Management;
using Microsoft.Extensions.Options;

// One executable; its roles (gateway, conductor or both) come from configuration section "Ironic".
// appsettings.json is read from beside the executable, so `dotnet run --project` works from any folder;
// relative paths in settings (the SQLite data directory) are relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
try
{
    builder.Services.AddIronicActors(builder.Configuration);
    var app = builder.Build();
    app.MapIronicManagement();
    if (app.Services.GetRequiredService<IronicOptions>().IsGateway)
        app.MapIronicApi();
    app.Run();
    return 0;
}
catch (IronicStartupException e)
{
    // Its settings disagree with its cluster's (78), or its database did not answer (69): logged already.
    Console.Error.WriteLine($"Ironic.Actors cannot start: {e.Message}");
    return e.ExitCode;
}
catch (Exception e) when (e is OptionsValidationException || (e is InvalidOperationException && !builder.Services.IsReadOnly))
{
    // A configuration no conductor or gateway could run with (checked while services are registered, and
    // options validated at start): say why and stop, as Ironic's services do. Later errors are not caught.
    Console.Error.WriteLine($"Ironic.Actors cannot start: {e.Message}");
    return 1;
}
