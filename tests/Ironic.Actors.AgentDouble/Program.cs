using Ironic.Actors.AgentDouble;

// The agent double: look the node up, serve /v1/commands, heartbeat until the machine is powered off or the process is
// killed. Exit code 0 after a power-off, 2 when the lookup never succeeded, 1 on bad arguments.
AgentSettings settings;
try
{
    settings = AgentSettings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

Directory.CreateDirectory(settings.WorkDir);
await using var agent = new Agent(settings);
return await agent.RunAsync();
