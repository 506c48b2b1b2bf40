return await Ironic.Actors.Cmd.CmdApp.RunAsync(args, Console.Out, Console.Error);
