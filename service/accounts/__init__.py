"""People who sign in to the console: accounts, passwords, two-factor codes, sessions."""
