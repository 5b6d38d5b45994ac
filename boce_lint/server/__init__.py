"""``boce-lint server``: the Language Server that shows findings while a contract is typed."""
