// `NasArena.Web migrate` is the one-shot migrate step; `reset-demo-passwords` prints new passwords for the demo
// accounts; anything else runs the web process. The all-in-one (src/NasArena.AllInOne) runs the same commands.
return await NasArena.Web.Hosting.WebCommands.RunAsync(args);
