# S3 as paws users use it, and the XML list operations, against the local endpoint
# (python -m paws_bridge.local: every service moto has, on one port).

moto_config <- function(...) {
  list(credentials = list(creds = list(access_key_id = "test", secret_access_key = "test")),
       endpoint = local_cognito(), region = "us-east-1", ...)
}

test_that("Body is a raw vector in and out; a character Body is a file path", {
  s3 <- paws.bridge::s3(config = moto_config(s3_force_path_style = TRUE))
  s3$create_bucket(Bucket = "r-xml")
  s3$put_object(Bucket = "r-xml", Key = "raw.bin", Body = as.raw(0:255))
  got <- s3$get_object(Bucket = "r-xml", Key = "raw.bin")
  expect_identical(got$Body, as.raw(0:255))
  expect_identical(got$ContentLength, 256)
  expect_s3_class(got$LastModified, "POSIXct")
  path <- tempfile()
  writeLines("from a file", path)
  s3$put_object(Bucket = "r-xml", Key = "file.txt", Body = path)
  expect_identical(rawToChar(s3$get_object(Bucket = "r-xml", Key = "file.txt")$Body),
                   "from a file\n")
  expect_error(s3$put_object(Bucket = "r-xml", Key = "x", Body = tempfile()),
               "Body: a character Body is read as a file path")
})

test_that("CopySource may be a list; get_bucket_location gives us-east-1 for an empty answer", {
  s3 <- paws.bridge::s3(config = moto_config(s3_force_path_style = TRUE))
  s3$create_bucket(Bucket = "r-xml-copy")
  s3$put_object(Bucket = "r-xml-copy", Key = "src key", Body = charToRaw("copy me"))
  s3$copy_object(Bucket = "r-xml-copy", Key = "dst",
                 CopySource = list(Bucket = "r-xml-copy", Key = "src key"))
  expect_identical(rawToChar(s3$get_object(Bucket = "r-xml-copy", Key = "dst")$Body), "copy me")
  expect_identical(s3$get_bucket_location(Bucket = "r-xml-copy"),
                   list(LocationConstraint = "us-east-1"))
})

test_that("download_file and a presigned URL fetched with curl", {
  s3 <- paws.bridge::s3(config = moto_config(s3_force_path_style = TRUE))
  s3$create_bucket(Bucket = "r-xml-dl")
  s3$put_object(Bucket = "r-xml-dl", Key = "a.txt", Body = charToRaw("downloaded"))
  target <- tempfile()
  expect_identical(s3$download_file(Bucket = "r-xml-dl", Key = "a.txt", Filename = target),
                   list())
  expect_identical(readBin(target, "raw", 100), charToRaw("downloaded"))
  expect_identical(names(formals(s3$download_file))[1:4],
                   c("Bucket", "Key", "Filename", "IfMatch"))
  url <- s3$generate_presigned_url("get_object", list(Bucket = "r-xml-dl", Key = "a.txt"),
                                   expires_in = 300)
  expect_match(url, "Signature=")
  skip_if(Sys.which("curl") == "", "no curl")
  out <- paws.bridge:::.pb_without_ld_library_path(system2("curl", c("-sf", shQuote(url)),
                                                           stdout = TRUE))
  expect_identical(out, "downloaded")
  expect_error(s3$generate_presigned_url("no_such_op", list()), "client_method")
})

test_that("multipart upload from R", {
  s3 <- paws.bridge::s3(config = moto_config(s3_force_path_style = TRUE))
  s3$create_bucket(Bucket = "r-xml-mp")
  up <- s3$create_multipart_upload(Bucket = "r-xml-mp", Key = "big")
  p1 <- as.raw(rep(1L, 5 * 1024 * 1024))
  p2 <- as.raw(rep(2L, 100))
  e1 <- s3$upload_part(Bucket = "r-xml-mp", Key = "big", UploadId = up$UploadId,
                       PartNumber = 1, Body = p1)$ETag
  e2 <- s3$upload_part(Bucket = "r-xml-mp", Key = "big", UploadId = up$UploadId,
                       PartNumber = 2, Body = p2)$ETag
  s3$complete_multipart_upload(Bucket = "r-xml-mp", Key = "big", UploadId = up$UploadId,
    MultipartUpload = list(Parts = list(list(ETag = e1, PartNumber = 1),
                                        list(ETag = e2, PartNumber = 2))))
  expect_identical(s3$get_object(Bucket = "r-xml-mp", Key = "big")$Body, c(p1, p2))
})

test_that("list_objects_v2 paginates in five pages with MaxKeys; list_objects by markers", {
  s3 <- paws.bridge::s3(config = moto_config(s3_force_path_style = TRUE))
  s3$create_bucket(Bucket = "r-xml-pages")
  keys <- sprintf("k%02d", 0:22)
  for (k in keys) s3$put_object(Bucket = "r-xml-pages", Key = k, Body = charToRaw(k))
  pages <- paws.bridge::paginate(s3$list_objects_v2(Bucket = "r-xml-pages", MaxKeys = 5))
  expect_length(pages, 5L)
  expect_identical(unlist(lapply(pages, function(p) vapply(p$Contents, `[[`, "", "Key"))), keys)
  pages <- paws.bridge::paginate(s3$list_objects(Bucket = "r-xml-pages"), PageSize = 5)
  expect_length(pages, 5L)
  frame <- paws.bridge::to_frame(pages)
  expect_identical(frame$Key, keys)
})

test_that("IAM pages on IsTruncated/Marker and EC2 on NextToken; frames of users and instances", {
  iam <- paws.bridge::iam(config = moto_config())
  doc <- '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'
  for (i in 1:5) {
    iam$create_policy(PolicyName = sprintf("rp%d", i), Path = "/rxml/", PolicyDocument = doc)
    iam$create_user(UserName = sprintf("ru%d", i), Path = "/rxml/")
  }
  pages <- paws.bridge::paginate(iam$list_policies(Scope = "Local", PathPrefix = "/rxml/"),
                                 PageSize = 2)
  expect_identical(vapply(pages, function(p) length(p$Policies), 1L), c(2L, 2L, 1L))
  users <- paws.bridge::to_frame(iam$list_users(PathPrefix = "/rxml/"))
  expect_identical(users$UserName, sprintf("ru%d", 1:5))

  ec2 <- paws.bridge::ec2(config = moto_config())
  image <- ec2$describe_images()$Images[[1]]$ImageId
  for (i in 1:6) ec2$run_instances(ImageId = image, MinCount = 1, MaxCount = 1,
                                   InstanceType = "t2.micro")
  pages <- paws.bridge::paginate(ec2$describe_instances(), PageSize = 5)
  expect_gte(length(pages), 2L)
  frame <- paws.bridge::to_frame(pages)
  expect_gte(nrow(frame), 1L)
  expect_true("Instances" %in% names(frame) || "InstanceId" %in% names(frame))
})
