# paws's extra S3 functions, added to the list an s3() constructor returns:
#   svc$download_file(Bucket, Key, Filename, <get_object's other arguments>)
#   svc$generate_presigned_url(client_method, params = list(), expires_in = 3600,
#                              http_method = NULL)
# Both go through the same exchange as the operations (.pb_invoke); the Python core does
# the work (paws_bridge/customizations/s3.py).

.pb_s3_extras <- function(ops) {
  env <- environment(ops[[1L]])
  get_args <- names(formals(ops$get_object))
  rest <- setdiff(get_args, c("Bucket", "Key"))
  dl <- c(alist(Bucket = , Key = , Filename = ), rep(list(NULL), length(rest)))
  names(dl) <- c("Bucket", "Key", "Filename", rest)
  args <- lapply(names(dl), as.name)
  names(args) <- names(dl)
  body <- call(".pb_invoke", quote(.pb_svc), "download_file",
               as.call(c(list(as.name("list")), args)))
  ops$download_file <- as.function(c(dl, body), envir = env)
  presign <- function(client_method, params = list(), expires_in = 3600, http_method = NULL) {
    stopifnot(
      "`client_method` must be a character string" = is.character(client_method) &&
        length(client_method) == 1L,
      "`params` must be a list of parameters for client_method" = is.list(params),
      "`expires_in` must be a number greater than 0" = is.numeric(expires_in) &&
        length(expires_in) == 1L && expires_in > 0,
      "`http_method` must be a character string" = is.null(http_method) ||
        is.character(http_method)
    )
    .pb_invoke(.pb_svc, "generate_presigned_url",
               list(client_method = client_method, params = params,
                    expires_in = expires_in, http_method = http_method))
  }
  environment(presign) <- env
  ops$generate_presigned_url <- presign
  ops
}
