from boce_lint.launch import main

main()
