from boce_lint.cli import main

main()
