from resdraft.cli import main

main()
