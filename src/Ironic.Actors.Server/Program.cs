using Ironic.Actors.Gateway;
using Ironic.Actors.Hosting;

// One executable; its roles (gateway, conductor or both) come from configuration section "Ironic".
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddIronicActors(builder.Configuration);

var app = builder.Build();
if (app.Services.GetRequiredService<IronicOptions>().IsGateway)
    app.MapIronicApi();
app.Run();
