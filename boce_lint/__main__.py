from boce_lint.launch import command

command()
