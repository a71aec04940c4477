# paws's extra S3 functions, added to the list an s3() constructor returns:
#   svc$download_file(Bucket, Key, Filename, <get_object's other arguments>)
#   svc$generate_presigned_url(client_method, params = list(), expires_in = 3600,
#                              http_method = NULL)
# Both go through the same exchange as the operations (.pb_invoke); the Python core does
# the work (paws_bridge/customizations/s3.py).

.pb_service_extras <- list(s3 = function(ops) .pb_s3_extras(ops))

.pb_s3_extras <- function(ops) {
  env <- environment(ops[[1L]])
  # paws's R-side readings: a character Body is a file path; a list CopySource is
  # "bucket/key[?versionId=...]" (botocore URL-encodes it)
  for (op in c("put_object", "upload_part", "copy_object", "upload_part_copy")) {
    f <- ops[[op]]
    b <- body(f)
    b[[4L]] <- call(".pb_s3_args", b[[4L]])
    body(f) <- b
    ops[[op]] <- f
  }
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

.pb_s3_args <- function(args) {
  body <- args$Body
  if (is.character(body) && length(body) == 1L && !is.na(body)) {
    path <- path.expand(body)
    if (!file.exists(path) || dir.exists(path)) {
      stop(sprintf("Body: a character Body is read as a file path (as paws does); cannot read '%s'",
                   body), call. = FALSE)
    }
    args["Body"] <- list(readBin(path, "raw", file.info(path)$size))
  }
  source <- args$CopySource
  if (is.list(source)) {
    if (is.null(source$Bucket) || is.null(source$Key)) {
      stop("CopySource: a list CopySource needs Bucket and Key", call. = FALSE)
    }
    text <- paste0(source$Bucket, "/", source$Key)
    if (!is.null(source$VersionId)) text <- paste0(text, "?versionId=", source$VersionId)
    args["CopySource"] <- list(text)
  }
  args
}
