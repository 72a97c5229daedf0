from senpath.cli import main

main()
