/*
 * Starting Python inside R without reticulate, for paws.bridge's call path.
 *
 * Loading reticulate costs more than a second (it loads Matrix, png, jsonlite, ...), and its
 * start-up probes the Python in a child process that imports numpy. The call path needs none
 * of that: it calls four functions of paws_bridge.r.host with scalars (a handle, an operation
 * name) and reads an integer back; the values themselves cross through R memory (rpy2).
 *
 * So this file loads libpython (RTLD_GLOBAL, as reticulate does, so that a reticulate started
 * later in the session finds this interpreter and attaches to it instead of starting another),
 * initializes it for the chosen executable (its virtualenv is found from the program name, as
 * for `python` itself), and calls Python functions with scalar arguments. No Python headers
 * are needed: every symbol is looked up with dlsym, so any CPython >= 3.8 shared library works.
 * If Python is already running in this process (reticulate started it, or R is embedded in
 * Python through rpy2), it is used as it is.
 *
 * The main thread holds the GIL between calls, as with reticulate; each call takes it again
 * through PyGILState_Ensure, which is re-entrant.
 */

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>

typedef void PyObject;
typedef ptrdiff_t Py_ssize_t;
typedef int PyGILState_STATE;

static struct {
  int (*IsInitialized)(void);
  void (*InitializeEx)(int);
  void (*SetProgramName)(const wchar_t *);
  wchar_t *(*DecodeLocale)(const char *, size_t *);
  PyGILState_STATE (*GILState_Ensure)(void);
  void (*GILState_Release)(PyGILState_STATE);
  PyObject *(*Import_ImportModule)(const char *);
  PyObject *(*Object_GetAttrString)(PyObject *, const char *);
  PyObject *(*Object_CallObject)(PyObject *, PyObject *);
  PyObject *(*Object_Str)(PyObject *);
  PyObject *(*Tuple_New)(Py_ssize_t);
  int (*Tuple_SetItem)(PyObject *, Py_ssize_t, PyObject *);
  PyObject *(*Long_FromLong)(long);
  PyObject *(*Long_FromVoidPtr)(void *);
  long (*Long_AsLong)(PyObject *);
  PyObject *(*Float_FromDouble)(double);
  PyObject *(*Bool_FromLong)(long);
  PyObject *(*Unicode_FromString)(const char *);
  const char *(*Unicode_AsUTF8)(PyObject *);
  PyObject *(*Err_Occurred)(void);
  void (*Err_Fetch)(PyObject **, PyObject **, PyObject **);
  void (*Err_Clear)(void);
  void (*DecRef)(PyObject *);
  void (*IncRef)(PyObject *);
  PyObject *None;
  PyObject *LongType;
  PyObject *UnicodeType;
  int (*Object_IsInstance)(PyObject *, PyObject *);
} py;

static int py_bound = 0;
static char started_how[16] = "";

#define BIND(handle, field, name)                                               \
  do {                                                                          \
    *(void **) (&py.field) = dlsym(handle, name);                               \
    if (py.field == NULL) {                                                     \
      snprintf(missing, sizeof(missing), "%s", name);                           \
      return 0;                                                                 \
    }                                                                           \
  } while (0)

static char missing[64];

/* Look up every symbol used here in `handle`; 0 (and `missing` set) if one is absent. */
static int bind_symbols(void *handle) {
  BIND(handle, IsInitialized, "Py_IsInitialized");
  BIND(handle, InitializeEx, "Py_InitializeEx");
  BIND(handle, DecodeLocale, "Py_DecodeLocale");
  BIND(handle, GILState_Ensure, "PyGILState_Ensure");
  BIND(handle, GILState_Release, "PyGILState_Release");
  BIND(handle, Import_ImportModule, "PyImport_ImportModule");
  BIND(handle, Object_GetAttrString, "PyObject_GetAttrString");
  BIND(handle, Object_CallObject, "PyObject_CallObject");
  BIND(handle, Object_Str, "PyObject_Str");
  BIND(handle, Tuple_New, "PyTuple_New");
  BIND(handle, Tuple_SetItem, "PyTuple_SetItem");
  BIND(handle, Long_FromLong, "PyLong_FromLong");
  BIND(handle, Long_FromVoidPtr, "PyLong_FromVoidPtr");
  BIND(handle, Long_AsLong, "PyLong_AsLong");
  BIND(handle, Float_FromDouble, "PyFloat_FromDouble");
  BIND(handle, Bool_FromLong, "PyBool_FromLong");
  BIND(handle, Unicode_FromString, "PyUnicode_FromString");
  BIND(handle, Unicode_AsUTF8, "PyUnicode_AsUTF8");
  BIND(handle, Err_Occurred, "PyErr_Occurred");
  BIND(handle, Err_Fetch, "PyErr_Fetch");
  BIND(handle, Err_Clear, "PyErr_Clear");
  BIND(handle, DecRef, "Py_DecRef");
  BIND(handle, IncRef, "Py_IncRef");
  BIND(handle, None, "_Py_NoneStruct");
  BIND(handle, LongType, "PyLong_Type");
  BIND(handle, UnicodeType, "PyUnicode_Type");
  BIND(handle, Object_IsInstance, "PyObject_IsInstance");
  /* optional: deprecated since 3.11; without it the caller falls back to reticulate */
  *(void **) (&py.SetProgramName) = dlsym(handle, "Py_SetProgramName");
  return 1;
}

/* "running" when a Python is already initialized in this process (found among the
   process's global symbols), else "". */
SEXP pb_py_running(void) {
  if (!py_bound) {
    void *self = dlopen(NULL, RTLD_NOW | RTLD_GLOBAL);
    int (*is_init)(void) = NULL;
    if (self != NULL) *(void **) (&is_init) = dlsym(self, "Py_IsInitialized");
    if (is_init == NULL || !is_init()) return Rf_mkString("");
    if (!bind_symbols(self)) return Rf_mkString("");
    py_bound = 1;
    snprintf(started_how, sizeof(started_how), "%s", "attached");
  }
  return Rf_mkString(started_how);
}

/* Start Python from the shared library `libpython` as the executable `program` (its
   virtualenv, if any, is found from that path). Returns "started", or "attached" when a
   Python was already running. Errors say what was missing. */
SEXP pb_py_start(SEXP libpython, SEXP program) {
  if (py_bound) return Rf_mkString(started_how);
  SEXP running = pb_py_running();
  if (py_bound) return running;
  const char *lib = CHAR(STRING_ELT(libpython, 0));
  void *handle = dlopen(lib, RTLD_NOW | RTLD_GLOBAL);
  if (handle == NULL) Rf_error("cannot load the Python library %s: %s", lib, dlerror());
  if (!bind_symbols(handle)) Rf_error("%s lacks the symbol %s", lib, missing);
  if (py.SetProgramName == NULL)
    Rf_error("%s has no Py_SetProgramName (Python >= 3.15?)", lib);
  if (!py.IsInitialized()) {
    /* Python keeps the pointer: it must live as long as the process */
    wchar_t *name = py.DecodeLocale(CHAR(STRING_ELT(program, 0)), NULL);
    if (name == NULL) Rf_error("cannot decode the path %s", CHAR(STRING_ELT(program, 0)));
    py.SetProgramName(name);
    py.InitializeEx(0); /* 0: R keeps its own signal handlers */
    if (!py.IsInitialized()) Rf_error("Python did not start from %s", lib);
    snprintf(started_how, sizeof(started_how), "%s", "started");
  } else {
    snprintf(started_how, sizeof(started_how), "%s", "attached");
  }
  py_bound = 1;
  return Rf_mkString(started_how);
}

/* The pending Python exception as "Type: message" in `buf`, cleared. */
static void fetch_error(char *buf, size_t size) {
  PyObject *type = NULL, *value = NULL, *tb = NULL;
  py.Err_Fetch(&type, &value, &tb);
  const char *tname = "Exception";
  PyObject *tname_obj = type ? py.Object_GetAttrString(type, "__name__") : NULL;
  if (tname_obj) tname = py.Unicode_AsUTF8(tname_obj);
  PyObject *msg_obj = value ? py.Object_Str(value) : NULL;
  const char *msg = msg_obj ? py.Unicode_AsUTF8(msg_obj) : "";
  snprintf(buf, size, "%s: %s", tname ? tname : "Exception", msg ? msg : "");
  if (tname_obj) py.DecRef(tname_obj);
  if (msg_obj) py.DecRef(msg_obj);
  if (type) py.DecRef(type);
  if (value) py.DecRef(value);
  if (tb) py.DecRef(tb);
  py.Err_Clear();
}

static void check_bound(void) {
  if (!py_bound) Rf_error("Python is not started (paws.bridge:::.pb_start_python())");
}

/* An external pointer to `module.name` (a new reference, kept for the session). */
SEXP pb_py_callable(SEXP module, SEXP name) {
  check_bound();
  char err[1024];
  PyGILState_STATE gil = py.GILState_Ensure();
  PyObject *mod = py.Import_ImportModule(CHAR(STRING_ELT(module, 0)));
  PyObject *fn = mod ? py.Object_GetAttrString(mod, CHAR(STRING_ELT(name, 0))) : NULL;
  if (fn == NULL) fetch_error(err, sizeof(err));
  if (mod) py.DecRef(mod);
  py.GILState_Release(gil);
  if (fn == NULL) Rf_error("%s", err);
  return R_MakeExternalPtr(fn, Rf_install("pb_py_callable"), R_NilValue);
}

/* A Python value for a scalar R argument: NULL/NA -> None, integer, double, string,
   logical; an environment (or any other object) -> its address, for code that reads R
   memory (the caller keeps it alive). NULL on failure, with a Python error set. */
static PyObject *to_python(SEXP x) {
  switch (TYPEOF(x)) {
  case NILSXP:
    py.IncRef(py.None);
    return py.None;
  case INTSXP:
    if (XLENGTH(x) == 1 && INTEGER(x)[0] != NA_INTEGER) return py.Long_FromLong(INTEGER(x)[0]);
    break;
  case REALSXP:
    if (XLENGTH(x) == 1 && !ISNA(REAL(x)[0])) return py.Float_FromDouble(REAL(x)[0]);
    break;
  case LGLSXP:
    if (XLENGTH(x) == 1 && LOGICAL(x)[0] != NA_LOGICAL) return py.Bool_FromLong(LOGICAL(x)[0]);
    break;
  case STRSXP:
    if (XLENGTH(x) == 1 && STRING_ELT(x, 0) != NA_STRING)
      return py.Unicode_FromString(Rf_translateCharUTF8(STRING_ELT(x, 0)));
    break;
  default:
    return py.Long_FromVoidPtr((void *) x);
  }
  py.IncRef(py.None); /* NA or a vector that is not a scalar: None */
  return py.None;
}

/* Call the callable `fn` (from pb_py_callable) with the scalars in the list `args`.
   Returns an integer (Python int), a string (str) or NULL (None); a Python exception
   becomes an R error "Type: message". */
SEXP pb_py_invoke(SEXP fn, SEXP args) {
  check_bound();
  PyObject *callable = R_ExternalPtrAddr(fn);
  if (callable == NULL) Rf_error("invalid Python callable (from a previous session?)");
  char err[2048];
  int failed = 0;
  SEXP out = R_NilValue;
  long ivalue = 0;
  const char *svalue = NULL;
  int kind = 0; /* 0 None, 1 int, 2 str */
  R_xlen_t n = XLENGTH(args);
  PyGILState_STATE gil = py.GILState_Ensure();
  PyObject *tuple = py.Tuple_New(n);
  for (R_xlen_t i = 0; tuple && i < n; i++) {
    PyObject *item = to_python(VECTOR_ELT(args, i));
    if (item == NULL || py.Tuple_SetItem(tuple, i, item) != 0) {
      py.DecRef(tuple);
      tuple = NULL;
    }
  }
  PyObject *result = tuple ? py.Object_CallObject(callable, tuple) : NULL;
  if (tuple) py.DecRef(tuple);
  if (result == NULL) {
    fetch_error(err, sizeof(err));
    failed = 1;
  } else if (result == py.None) {
    kind = 0;
  } else if (py.Object_IsInstance(result, py.LongType) == 1) {
    ivalue = py.Long_AsLong(result);
    kind = 1;
  } else if (py.Object_IsInstance(result, py.UnicodeType) == 1) {
    svalue = py.Unicode_AsUTF8(result);
    kind = 2;
  } else {
    snprintf(err, sizeof(err), "TypeError: a Python function called from R returned "
             "neither int, str nor None");
    failed = 1;
  }
  if (!failed) {
    if (kind == 1) out = Rf_ScalarInteger((int) ivalue);
    else if (kind == 2) out = Rf_mkString(svalue ? svalue : "");
  }
  PROTECT(out);
  if (result) py.DecRef(result);
  py.GILState_Release(gil);
  UNPROTECT(1);
  if (failed) Rf_error("%s", err);
  return out;
}

static const R_CallMethodDef call_methods[] = {
  {"pb_py_running", (DL_FUNC) &pb_py_running, 0},
  {"pb_py_start", (DL_FUNC) &pb_py_start, 2},
  {"pb_py_callable", (DL_FUNC) &pb_py_callable, 2},
  {"pb_py_invoke", (DL_FUNC) &pb_py_invoke, 2},
  {NULL, NULL, 0}
};

void R_init_paws_bridge(DllInfo *dll) {
  R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
}
