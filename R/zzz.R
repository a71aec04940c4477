# Loading the package starts no Python and loads no reticulate (loading reticulate alone
# takes more than a second): the core is started on first use (see python.R).
NULL
