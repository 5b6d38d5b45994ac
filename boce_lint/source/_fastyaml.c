/* Optional accelerator for boce_lint.source.composer: libyaml events to data and positions in C.
 *
 * It does what composer.Composer does with PyYAML's C parser, event for event and in the same
 * order, so that it stops at the same place with the same problem: limits (depth, values,
 * aliases), duplicate keys and anchors, unsafe tags. Everything it does not decide quickly is
 * handed back to Python: scalars that are not plain text, null, booleans, short decimal numbers
 * or dates go to the composer's own resolver, and every problem is built by the composer's
 * problem() function, so messages and their wording exist once. Compiled when a C compiler
 * and the libyaml headers are present (hatch_build.py); never required.
 *
 * The positions come back packed into one byte string (see put), unpacked by positions() only
 * for a document whose position is asked. While composing it notes hints for the loader (what
 * no text value can be), and it checks a document against its schema, compiled by
 * fastschema.Program, for a yes or a no.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

typedef struct {
    PyObject *value;      /* dict or list */
    PyObject *anchor;     /* str or NULL */
    PyObject *key;        /* str or NULL: the key whose value comes next */
    size_t first;         /* offset of its own position record in the packed positions */
    size_t buf_len;       /* length of its pointer in buf (UTF-8 bytes) */
    long key_line, key_column;
    int is_map, height;
} Open;

typedef struct {
    yaml_parser_t parser;
    long max_depth, max_values, max_alias;
    PyObject *position_type, *scalar_fn, *problem_fn;
    PyObject *anchors, *anchor_marks;
    char *packed;  /* the positions, packed (see put) */
    size_t packed_len, packed_cap;
    int hints;  /* HINT_* bits: what some text value in the document may be */
    long values, alias_values;
    yaml_mark_t root_mark;
    Open *stack;
    Py_ssize_t depth, stack_cap;
    char *buf;
    size_t buf_cap;
    PyObject *ints[1024];  /* line and column numbers made so far, shared by the positions */
    int no_ints;           /* (for one position: not worth keeping its numbers) */
} State;

/* Hints for the loader (see text_hints): a bit is set when some text value may be a Dutch yes/no
 * or decimal-comma amount (dutch.py), or a date with an implausible year (dates.py). */
#define HINT_DUTCH 1
#define HINT_FAR_DATE 2

static const char SEQ_TAG[] = "tag:yaml.org,2002:seq";
static const char MAP_TAG[] = "tag:yaml.org,2002:map";

/* ---- problems: built in Python, raised here -------------------------------------------- */

static void raise_problem(State *st, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *args = Py_VaBuildValue(format, va);
    va_end(va);
    if (args == NULL)
        return;
    PyObject *exc = PyObject_CallObject(st->problem_fn, args);
    Py_DECREF(args);
    if (exc == NULL)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

static void parser_error(State *st)
{
    yaml_parser_t *p = &st->parser;
    if (p->error == YAML_MEMORY_ERROR) {
        PyErr_NoMemory();
    } else if (p->error == YAML_READER_ERROR) {
        raise_problem(st, "(snis)", "reader", (Py_ssize_t)p->problem_offset, p->problem_value,
                      p->problem);
    } else {
        const char *kind = p->error == YAML_SCANNER_ERROR ? "scanner" : "parser";
        PyObject *context_mark = Py_None, *problem_mark = Py_None;
        Py_INCREF(Py_None);
        Py_INCREF(Py_None);
        if (p->context != NULL) {
            Py_DECREF(context_mark);
            context_mark = Py_BuildValue("(nn)", (Py_ssize_t)p->context_mark.line,
                                         (Py_ssize_t)p->context_mark.column);
        }
        if (p->problem != NULL) {
            Py_DECREF(problem_mark);
            problem_mark = Py_BuildValue("(nn)", (Py_ssize_t)p->problem_mark.line,
                                         (Py_ssize_t)p->problem_mark.column);
        }
        if (context_mark != NULL && problem_mark != NULL)
            raise_problem(st, "(szOzO)", kind, p->context, context_mark, p->problem,
                          problem_mark);
        Py_XDECREF(context_mark);
        Py_XDECREF(problem_mark);
    }
}

/* ---- small helpers ---------------------------------------------------------------------- */

static PyObject *number(State *st, long n)
{
    if (n < 0 || n >= 1024 || st->no_ints)
        return PyLong_FromLong(n);
    if (st->ints[n] == NULL && (st->ints[n] = PyLong_FromLong(n)) == NULL)
        return NULL;
    return Py_NewRef(st->ints[n]);
}

static PyObject *position(State *st, long line, long column, long key_line, long key_column)
{
    PyTypeObject *type = (PyTypeObject *)st->position_type;
#if PY_VERSION_HEX < 0x030E0000
    /* what tuple.__new__ does for a subclass (a NamedTuple), without the call */
    PyObject *pos = type->tp_alloc(type, 4);
    if (pos == NULL)
        return NULL;
    PyObject *l = number(st, line), *c = number(st, column);
    PyObject *kl = key_line == line ? Py_XNewRef(l) : number(st, key_line);
    PyObject *kc = key_column == column ? Py_XNewRef(c) : number(st, key_column);
    PyTuple_SET_ITEM(pos, 0, l);
    PyTuple_SET_ITEM(pos, 1, c);
    PyTuple_SET_ITEM(pos, 2, kl);
    PyTuple_SET_ITEM(pos, 3, kc);
    if (l == NULL || c == NULL || kl == NULL || kc == NULL) {
        Py_DECREF(pos);
        return NULL;
    }
    PyObject_GC_UnTrack(pos);  /* four ints: nothing for the garbage collector to look at */
    return pos;
#else
    return PyObject_CallFunction((PyObject *)type, "llll", line, column, key_line, key_column);
#endif
}

/* Grow a buffer to hold need bytes, doubling from first. */
static int reserve(char **buf, size_t *cap, size_t need, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t grown_cap = *cap ? *cap : first;
    while (grown_cap < need)
        grown_cap *= 2;
    char *grown = PyMem_Realloc(*buf, grown_cap);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buf = grown;
    *cap = grown_cap;
    return 0;
}

static int buf_reserve(State *st, size_t need)
{
    return reserve(&st->buf, &st->buf_cap, need, 256);
}

/* Append "/" and the escaped key (JSON pointer: ~ is ~0, / is ~1) at byte offset at. */
static int buf_key(State *st, size_t at, const char *key, Py_ssize_t n, size_t *out)
{
    if (buf_reserve(st, at + 1 + 2 * (size_t)n) < 0)
        return -1;
    char *b = st->buf + at;
    *b++ = '/';
    for (Py_ssize_t i = 0; i < n; i++) {
        char c = key[i];
        if (c == '~') {
            *b++ = '~';
            *b++ = '0';
        } else if (c == '/') {
            *b++ = '~';
            *b++ = '1';
        } else {
            *b++ = c;
        }
    }
    *out = (size_t)(b - st->buf);
    return 0;
}

/* ---- packed positions ------------------------------------------------------------------ */

/* The position of every value is packed into one byte string, a record per value in the order
 * of the events (the order of a dict of them): line, column, key line and key column (int32
 * each), the length of the JSON pointer in UTF-8 bytes (int32), then the pointer itself. Most
 * documents never need a position (they have no finding), so the pointers are not made into
 * strings nor the positions into tuples until positions() unpacks them, when one is asked. */
typedef struct {
    int32_t line, column, key_line, key_column, length;
} Record;

static int packed_reserve(State *st, size_t more)
{
    return reserve(&st->packed, &st->packed_cap, st->packed_len + more, 4096);
}

/* Record a position; its pointer is head followed by tail (either may be empty). */
static int put(State *st, const char *head, size_t head_len, const char *tail, size_t tail_len,
               long line, long column, long key_line, long key_column)
{
    if (packed_reserve(st, sizeof(Record) + head_len + tail_len) < 0)
        return -1;
    Record r = {(int32_t)line, (int32_t)column, (int32_t)key_line, (int32_t)key_column,
                (int32_t)(head_len + tail_len)};
    char *at = st->packed + st->packed_len;
    memcpy(at, &r, sizeof r);
    if (head_len)
        memcpy(at + sizeof r, head, head_len);
    if (tail_len)
        memcpy(at + sizeof r + head_len, tail, tail_len);
    st->packed_len += sizeof r + head_len + tail_len;
    return 0;
}

/* The records from offset from to the end, with the first cut bytes of each pointer left out
 * (the pointers relative to an anchored value), as bytes; *n is their number. */
static PyObject *records_from(State *st, size_t from, size_t cut, Py_ssize_t *n)
{
    size_t size = 0;
    *n = 0;
    for (size_t at = from; at < st->packed_len; (*n)++) {
        Record r;
        memcpy(&r, st->packed + at, sizeof r);
        size += sizeof r + (size_t)r.length - cut;
        at += sizeof r + (size_t)r.length;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (out == NULL)
        return NULL;
    char *w = PyBytes_AS_STRING(out);
    for (size_t at = from; at < st->packed_len;) {
        Record r;
        memcpy(&r, st->packed + at, sizeof r);
        size_t length = (size_t)r.length;
        r.length = (int32_t)(length - cut);
        memcpy(w, &r, sizeof r);
        memcpy(w + sizeof r, st->packed + at + sizeof r + cut, length - cut);
        w += sizeof r + length - cut;
        at += sizeof r + length;
    }
    return out;
}

static PyObject *deep_copy(PyObject *value)
{
    if (PyDict_CheckExact(value)) {
        PyObject *copy = PyDict_New();
        if (copy == NULL)
            return NULL;
        PyObject *k, *v;
        Py_ssize_t i = 0;
        while (PyDict_Next(value, &i, &k, &v)) {
            PyObject *c = deep_copy(v);
            if (c == NULL || PyDict_SetItem(copy, k, c) < 0) {
                Py_XDECREF(c);
                Py_DECREF(copy);
                return NULL;
            }
            Py_DECREF(c);
        }
        return copy;
    }
    if (PyList_CheckExact(value)) {
        Py_ssize_t n = PyList_GET_SIZE(value);
        PyObject *copy = PyList_New(n);
        if (copy == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *c = deep_copy(PyList_GET_ITEM(value, i));
            if (c == NULL) {
                Py_DECREF(copy);
                return NULL;
            }
            PyList_SET_ITEM(copy, i, c);
        }
        return copy;
    }
    Py_INCREF(value);
    return value;
}

/* ---- scalars ---------------------------------------------------------------------------- */

static int word(const char *s, size_t n, const char *w)
{
    return w[0] == s[0] && strlen(w) == n && memcmp(s, w, n) == 0;
}

static int digits(const char *s, size_t from, size_t to)
{
    if (from >= to)
        return 0;
    for (size_t i = from; i < to; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* The value of an untagged plain scalar when it is certain without PyYAML's resolver: null,
 * a boolean, text whose first character no implicit type can start with, a decimal integer of
 * up to 18 digits, a finite decimal fraction, or an ISO date (which stays text). NULL with no
 * error set means: ask Python. */
static PyObject *quick_plain(const char *s, size_t n, PyObject *text)
{
    static const char *trues[] = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
    static const char *falses[] = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off",
                                   "OFF"};
    if (n == 0)
        Py_RETURN_NONE;
    char c = s[0];
    if (n > 5 && c != '\0' && strchr("yYnNtTfFoO~", c) != NULL) {
        Py_INCREF(text);  /* longer than any boolean or null */
        return text;
    }
    if (strchr("yYnNtTfFoO~", c) != NULL) {
        if (word(s, n, "~") || word(s, n, "null") || word(s, n, "Null") || word(s, n, "NULL"))
            Py_RETURN_NONE;
        for (int i = 0; i < 9; i++) {
            if (word(s, n, trues[i]))
                Py_RETURN_TRUE;
            if (word(s, n, falses[i]))
                Py_RETURN_FALSE;
        }
        Py_INCREF(text);
        return text;
    }
    if (strchr("!&*+-.0123456789<=", c) == NULL || c == '\0') {
        Py_INCREF(text);
        return text;
    }
    size_t i = (c == '-' || c == '+') ? 1 : 0;
    size_t int_end = i;
    while (int_end < n && s[int_end] >= '0' && s[int_end] <= '9')
        int_end++;
    if (int_end == n && int_end > i && int_end - i <= 18 && (s[i] != '0' || int_end - i == 1))
        return PyLong_FromLongLong(strtoll(s, NULL, 10));
    if (int_end > i && int_end < n && s[int_end] == '.') {
        size_t j = int_end + 1;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j < n && (s[j] == 'e' || s[j] == 'E') && j + 2 < n &&
            (s[j + 1] == '-' || s[j + 1] == '+') && digits(s, j + 2, n))
            j = n;
        if (j == n) {
            char *end = NULL;
            double d = PyOS_string_to_double(s, &end, NULL);
            if (d == -1.0 && PyErr_Occurred()) {
                PyErr_Clear();  /* cannot happen for this shape; Python decides if it does */
                return NULL;
            }
            if (end == s + n && isfinite(d))
                return PyFloat_FromDouble(d);
        }
        return NULL;
    }
    if (n == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 7) && s[7] == '-' &&
        digits(s, 8, 10)) {
        Py_INCREF(text);
        return text;
    }
    return NULL;
}

/* The value of a scalar event; for keys (is_key) the resolved value is only checked. */
static PyObject *scalar(State *st, yaml_event_t *ev, PyObject *tag, PyObject *text, long line,
                        long column, int is_key)
{
    if (tag == NULL) {
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            PyObject *v = quick_plain((const char *)ev->data.scalar.value,
                                      ev->data.scalar.length, text);
            if (v != NULL || PyErr_Occurred())
                return v;
        } else if (!ev->data.scalar.plain_implicit) {
            Py_INCREF(text);
            return text;
        }
    }
    return PyObject_CallFunction(st->scalar_fn, "OO(OO)llO", tag ? tag : Py_None, text,
                                 ev->data.scalar.plain_implicit ? Py_True : Py_False,
                                 ev->data.scalar.quoted_implicit ? Py_True : Py_False,
                                 line, column, is_key ? Py_True : Py_False);
}

/* ---- hints: what the loader may skip --------------------------------------------------- */

/* Whether text could be what dutch._candidate accepts: at most 20 characters that, stripped,
 * are "ja" or "nee" in any case, or an amount with a decimal comma or thousands dots
 * (dutch._DECIMAL_COMMA, with a comma or a dot). Whitespace and digits are those of str.strip
 * and re's \s and \d (Py_UNICODE_ISSPACE, Py_UNICODE_ISDECIMAL); no character outside ASCII
 * casefolds to j, a, n or e alone, so "ja"/"nee" are compared as ASCII. */
static int maybe_dutch(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (n > 20)
        return 0;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t i = 0, end = n;
    while (i < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
        i++;
    while (end > i && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (end - i == 2 || end - i == 3) {
        char low[3];
        Py_ssize_t k;
        for (k = i; k < end; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (c >= 128)
                break;
            low[k - i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (k == end && ((end - i == 2 && memcmp(low, "ja", 2) == 0) ||
                         (end - i == 3 && memcmp(low, "nee", 3) == 0)))
            return 1;
    }
    /* [-] (D{1,3}(.DDD)+ | D+) [,D+] between whitespace, with a comma or a dot */
    Py_ssize_t k = i;
    if (k < end && PyUnicode_READ(kind, data, k) == '-')
        k++;
    Py_ssize_t whole = k;
    while (k < end && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, k)))
        k++;
    if (k == whole)
        return 0;
    int marked = 0;
    if (k < end && PyUnicode_READ(kind, data, k) == '.') {
        if (k - whole > 3)
            return 0;
        while (k < end && PyUnicode_READ(kind, data, k) == '.') {
            for (Py_ssize_t d = k + 1; d <= k + 3; d++)
                if (d >= end || !Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, d)))
                    return 0;
            k += 4;
        }
        if (k < end && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, k)))
            return 0;
        marked = 1;
    }
    if (k < end && PyUnicode_READ(kind, data, k) == ',') {
        Py_ssize_t fraction = ++k;
        while (k < end && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, k)))
            k++;
        if (k == fraction)
            return 0;
        marked = 1;
    }
    return marked && k == end;
}

/* Whether text could be a date that dates.implausible names: four digits and a hyphen, not
 * an ASCII year from 1900 to 2100. */
static int maybe_far_date(PyObject *s)
{
    if (PyUnicode_GET_LENGTH(s) < 8)
        return 0;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (PyUnicode_READ(kind, data, 4) != '-')
        return 0;
    long year = 0;
    int ascii = 1;
    for (Py_ssize_t i = 0; i < 4; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!Py_UNICODE_ISDECIMAL(c))
            return 0;
        if (c < '0' || c > '9')
            ascii = 0;
        else
            year = year * 10 + (long)(c - '0');
    }
    return !ascii || year < 1900 || year > 2100;
}

/* Note what a text value (a value, not a key) may be, until both hints are set. */
static void text_hints(State *st, PyObject *value)
{
    if (st->hints == (HINT_DUTCH | HINT_FAR_DATE) || !PyUnicode_Check(value))
        return;
    if (!(st->hints & HINT_DUTCH) && maybe_dutch(value))
        st->hints |= HINT_DUTCH;
    if (!(st->hints & HINT_FAR_DATE) && maybe_far_date(value))
        st->hints |= HINT_FAR_DATE;
}

/* ---- events ----------------------------------------------------------------------------- */

typedef struct {
    PyObject *anchor, *tag, *text;
} Decoded;

static void decoded_clear(Decoded *d)
{
    Py_CLEAR(d->anchor);
    Py_CLEAR(d->tag);
    Py_CLEAR(d->text);
}

/* ---- keys: the same few names in every document ------------------------------------- */

/* Keys met so far (at most KEY_SLOTS / 2 of them, of at most KEY_MAX bytes), each decoded once
 * and interned, so that every mapping with a key shares one string (its hash computed once, and
 * the same object as the name in Python code: a dict lookup finds it by identity). */
#define KEY_SLOTS 4096
#define KEY_MAX 64
typedef struct {
    PyObject *text;
    const char *utf8;
    uint32_t hash;
    uint32_t length;
} KeySlot;
static KeySlot key_slots[KEY_SLOTS];
static int keys_known;

/* FNV-1a: the hash of the keys known (key_text) and of the pointers of an index. */
static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The text of a key: the known string, or a new one (strict UTF-8, as decode). */
static PyObject *key_text(const char *s, size_t n)
{
    if (n > KEY_MAX)
        return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
    uint32_t h = fnv1a(s, n);
    for (uint32_t i = h & (KEY_SLOTS - 1);; i = (i + 1) & (KEY_SLOTS - 1)) {
        KeySlot *k = &key_slots[i];
        if (k->text == NULL) {
            PyObject *text = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
            if (text == NULL || keys_known >= KEY_SLOTS / 2)
                return text;
            PyUnicode_InternInPlace(&text);
            const char *utf8 = PyUnicode_AsUTF8(text);
            if (utf8 == NULL)
                return text;  /* (cannot fail for decoded text; stay correct if it does) */
            k->text = Py_NewRef(text);
            k->utf8 = utf8;
            k->hash = h;
            k->length = (uint32_t)n;
            keys_known++;
            return text;
        }
        if (k->hash == h && k->length == n && memcmp(k->utf8, s, n) == 0)
            return Py_NewRef(k->text);
    }
}

/* Decode what PyYAML's C parser decodes for each event (anchors and tags as C strings, values
 * with their length, both strict UTF-8), so that a bad one fails at the same event; the text of
 * a key (as_key) is shared (key_text). */
static int decode(yaml_event_t *ev, Decoded *d, int as_key)
{
    const yaml_char_t *anchor = NULL, *tag = NULL;
    d->anchor = d->tag = d->text = NULL;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT: {
        yaml_tag_directive_t *t = ev->data.document_start.tag_directives.start;
        for (; t != NULL && t != ev->data.document_start.tag_directives.end; t++) {
            PyObject *h = PyUnicode_FromString((const char *)t->handle);
            PyObject *p = h ? PyUnicode_FromString((const char *)t->prefix) : NULL;
            Py_XDECREF(h);
            if (p == NULL)
                return -1;
            Py_DECREF(p);
        }
        return 0;
    }
    case YAML_ALIAS_EVENT:
        anchor = ev->data.alias.anchor;
        break;
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        d->text = as_key ? key_text((const char *)ev->data.scalar.value,
                                    ev->data.scalar.length)
                         : PyUnicode_DecodeUTF8((const char *)ev->data.scalar.value,
                                                (Py_ssize_t)ev->data.scalar.length, "strict");
        if (d->text == NULL)
            return -1;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    default:
        return 0;
    }
    if (anchor != NULL && (d->anchor = PyUnicode_FromString((const char *)anchor)) == NULL)
        return -1;
    if (tag != NULL && (d->tag = PyUnicode_FromString((const char *)tag)) == NULL)
        return -1;
    return 0;
}

static int next_event(State *st, yaml_event_t *ev, Decoded *d, int as_key)
{
    if (!yaml_parser_parse(&st->parser, ev)) {
        parser_error(st);
        return -1;
    }
    if (decode(ev, d, as_key) < 0) {
        decoded_clear(d);
        yaml_event_delete(ev);
        return -1;
    }
    return 0;
}

static int mark_anchor(State *st, PyObject *anchor, yaml_mark_t mark)
{
    PyObject *first = PyDict_GetItemWithError(st->anchor_marks, anchor);
    if (first != NULL) {
        raise_problem(st, "(sO(nn))", "duplicate-anchor", first, (Py_ssize_t)mark.line,
                      (Py_ssize_t)mark.column);
        return -1;
    }
    if (PyErr_Occurred())
        return -1;
    PyObject *here = Py_BuildValue("(nn)", (Py_ssize_t)mark.line, (Py_ssize_t)mark.column);
    if (here == NULL)
        return -1;
    int r = PyDict_SetItem(st->anchor_marks, anchor, here);
    Py_DECREF(here);
    return r;
}

static void unknown_alias(State *st, PyObject *anchor, yaml_mark_t mark)
{
    int known = PyDict_Contains(st->anchor_marks, anchor);
    if (known < 0)
        return;
    raise_problem(st, "(sOO(nn))", "unknown-alias", known ? Py_True : Py_False, anchor,
                  (Py_ssize_t)mark.line, (Py_ssize_t)mark.column);
}

static int count(State *st, long n, long line, long column)
{
    st->values += n;
    if (st->values > st->max_values) {
        raise_problem(st, "(sll)", "too-many-values", line, column);
        return -1;
    }
    return 0;
}

/* An anchor record is a tuple (value, entries, height, collection, raw text or None, number of
 * entries), the entries the packed position records of the anchored value and everything in
 * it, their pointers relative to the anchored value. */

/* The entries of an anchored scalar: its own position. */
static PyObject *scalar_record(long line, long column, long key_line, long key_column)
{
    Record r = {(int32_t)line, (int32_t)column, (int32_t)key_line, (int32_t)key_column, 0};
    return PyBytes_FromStringAndSize((const char *)&r, sizeof r);
}

/* The key line of the value recorded at the pointer in buf[0:length], looked up from offset
 * from (its mapping's own record); 0 if there is none. */
static long recorded_key_line(State *st, size_t from, size_t length)
{
    for (size_t at = from; at < st->packed_len;) {
        Record r;
        memcpy(&r, st->packed + at, sizeof r);
        if ((size_t)r.length == length && memcmp(st->packed + at + sizeof r, st->buf,
                                                 length) == 0)
            return r.key_line;
        at += sizeof r + (size_t)r.length;
    }
    return 0;
}
static int key_event(State *st, yaml_event_t *ev, Decoded *d, Open *parent, long kl, long kc)
{
    PyObject *name = NULL;
    if (ev->type == YAML_ALIAS_EVENT) {
        PyObject *a = PyDict_GetItemWithError(st->anchors, d->anchor);
        if (a == NULL) {
            if (!PyErr_Occurred())
                unknown_alias(st, d->anchor, ev->start_mark);
            return -1;
        }
        if (PyTuple_GET_ITEM(a, 4) == Py_None) {
            raise_problem(st, "(sll)", "key-not-text", kl, kc);
            return -1;
        }
        name = PyTuple_GET_ITEM(a, 4);
        Py_INCREF(name);
    } else if (ev->type != YAML_SCALAR_EVENT) {
        raise_problem(st, "(sll)", "key-not-text", kl, kc);
        return -1;
    } else {
        PyObject *value = scalar(st, ev, d->tag, d->text, kl, kc, 1);
        if (value == NULL)
            return -1;
        name = d->text;
        Py_INCREF(name);
        if (d->anchor != NULL) {
            if (mark_anchor(st, d->anchor, ev->start_mark) < 0) {
                Py_DECREF(value);
                Py_DECREF(name);
                return -1;
            }
            PyObject *entries = scalar_record(kl, kc, kl, kc);
            PyObject *rec = entries ? Py_BuildValue("(OOiOOi)", value, entries, 0, Py_False,
                                                    d->text, 1) : NULL;
            Py_XDECREF(entries);
            if (rec == NULL || PyDict_SetItem(st->anchors, d->anchor, rec) < 0) {
                Py_XDECREF(rec);
                Py_DECREF(value);
                Py_DECREF(name);
                return -1;
            }
            Py_DECREF(rec);
        }
        Py_DECREF(value);
    }
    int has = PyDict_Contains(parent->value, name);
    if (has != 0) {
        if (has > 0) {
            Py_ssize_t n;
            const char *raw = PyUnicode_AsUTF8AndSize(name, &n);
            size_t end;
            if (raw != NULL && buf_key(st, parent->buf_len, raw, n, &end) == 0) {
                long first = recorded_key_line(st, parent->first, end);
                if (first > 0)
                    raise_problem(st, "(sOlll)", "duplicate-key", name, first, kl, kc);
                else
                    PyErr_SetString(PyExc_KeyError, "duplicate key without a position");
            }
        }
        Py_DECREF(name);
        return -1;
    }
    Py_XSETREF(parent->key, name);
    parent->key_line = kl;
    parent->key_column = kc;
    return 0;
}

/* The value of an alias at the pointer in buf[0:length]. */
static PyObject *alias_value(State *st, yaml_event_t *ev, Decoded *d, size_t length,
                             long kl, long kc, long depth, int *height)
{
    long line = (long)ev->start_mark.line + 1, column = (long)ev->start_mark.column + 1;
    PyObject *a = PyDict_GetItemWithError(st->anchors, d->anchor);
    if (a == NULL) {
        if (!PyErr_Occurred())
            unknown_alias(st, d->anchor, ev->start_mark);
        return NULL;
    }
    PyObject *value = PyTuple_GET_ITEM(a, 0), *entries = PyTuple_GET_ITEM(a, 1);
    long anchor_height = PyLong_AsLong(PyTuple_GET_ITEM(a, 2));
    int collection = PyTuple_GET_ITEM(a, 3) == Py_True;
    if (depth + anchor_height > st->max_depth) {
        raise_problem(st, "(sll)", "too-deep", line, column);
        return NULL;
    }
    Py_ssize_t size = PyLong_AsSsize_t(PyTuple_GET_ITEM(a, 5));
    if (collection) {
        st->alias_values += (long)size;
        if (st->alias_values > st->max_alias) {
            raise_problem(st, "(sll)", "alias-limit", line, column);
            return NULL;
        }
    }
    if (count(st, (long)size - 1, line, column) < 0)
        return NULL;
    Py_INCREF(a);  /* the anchors dict keeps it, but stay safe while Python code runs */
    const char *at = PyBytes_AS_STRING(entries), *end = at + PyBytes_GET_SIZE(entries);
    Record top;
    memcpy(&top, at, sizeof top);  /* the anchored value itself: its pointer is "" */
    int failed = put(st, st->buf, length, NULL, 0, top.line, top.column, kl, kc) < 0;
    for (at += sizeof top + (size_t)top.length; !failed && at < end;) {
        Record r;
        memcpy(&r, at, sizeof r);
        /* (put may move st->packed, never the entries nor st->buf) */
        failed = put(st, st->buf, length, at + sizeof r, (size_t)r.length, r.line, r.column,
                     r.key_line, r.key_column) < 0;
        at += sizeof r + (size_t)r.length;
    }
    PyObject *result = failed ? NULL : (collection ? deep_copy(value) : Py_NewRef(value));
    Py_DECREF(a);
    *height = (int)anchor_height;
    return result;
}

static int push(State *st, PyObject *value, int is_map, size_t buf_len, PyObject *anchor)
{
    if (st->depth == st->stack_cap) {
        Py_ssize_t cap = st->stack_cap ? st->stack_cap * 2 : 16;
        Open *grown = PyMem_Realloc(st->stack, (size_t)cap * sizeof(Open));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        st->stack = grown;
        st->stack_cap = cap;
    }
    Open *o = &st->stack[st->depth++];
    memset(o, 0, sizeof(Open));
    o->value = value;
    Py_INCREF(value);
    o->anchor = anchor;
    Py_XINCREF(anchor);
    o->is_map = is_map;
    o->buf_len = buf_len;
    o->first = st->packed_len;
    return 0;
}

static void open_clear(Open *o)
{
    Py_CLEAR(o->value);
    Py_CLEAR(o->anchor);
    Py_CLEAR(o->key);
}

/* A collection ended: pop it and, when anchored, remember it for its aliases. */
static PyObject *pop(State *st, int *height)
{
    Open *done = &st->stack[--st->depth];
    PyObject *value = done->value;
    Py_INCREF(value);
    *height = done->height;
    if (done->anchor != NULL) {
        Py_ssize_t n;
        PyObject *entries = records_from(st, done->first, done->buf_len, &n);
        PyObject *rec = entries ? Py_BuildValue("(OOiOOn)", value, entries, done->height,
                                                Py_True, Py_None, n) : NULL;
        Py_XDECREF(entries);
        if (rec == NULL || PyDict_SetItem(st->anchors, done->anchor, rec) < 0) {
            Py_XDECREF(rec);
            Py_DECREF(value);
            open_clear(done);
            return NULL;
        }
        Py_DECREF(rec);
    }
    open_clear(done);
    return value;
}

/* One node (with everything under it); returns the root value. Mirrors Composer.compose. */
static PyObject *compose(State *st)
{
    yaml_event_t ev;
    Decoded d;
    for (;;) {
        Open *top = st->depth ? &st->stack[st->depth - 1] : NULL;
        if (next_event(st, &ev, &d, top != NULL && top->is_map && top->key == NULL) < 0)
            return NULL;
        PyObject *value = NULL;
        int height = 0;
        if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            value = pop(st, &height);
            if (value == NULL)
                goto fail;
        } else {
            Open *parent = st->depth ? &st->stack[st->depth - 1] : NULL;
            long line = (long)ev.start_mark.line + 1, column = (long)ev.start_mark.column + 1;
            long kl, kc;
            size_t len;
            if (parent == NULL) {
                st->root_mark = ev.start_mark;
                len = 0;
                kl = line;
                kc = column;
            } else if (!parent->is_map) {
                char index[24];
                size_t w = 0, at = sizeof index;
                Py_ssize_t i = PyList_GET_SIZE(parent->value);
                do {
                    index[--at] = (char)('0' + i % 10);
                    i /= 10;
                } while (i > 0);
                index[--at] = '/';
                w = sizeof index - at;
                if (buf_reserve(st, parent->buf_len + w) < 0)
                    goto fail;
                memcpy(st->buf + parent->buf_len, index + at, w);
                len = parent->buf_len + w;
                kl = line;
                kc = column;
            } else if (parent->key == NULL) {
                int r = key_event(st, &ev, &d, parent, line, column);
                decoded_clear(&d);
                yaml_event_delete(&ev);
                if (r < 0)
                    return NULL;
                continue;
            } else {
                Py_ssize_t n;
                const char *raw = PyUnicode_AsUTF8AndSize(parent->key, &n);
                if (raw == NULL || buf_key(st, parent->buf_len, raw, n, &len) < 0)
                    goto fail;
                kl = parent->key_line;
                kc = parent->key_column;
            }
            long depth = (long)st->depth;
            if (depth > st->max_depth) {
                raise_problem(st, "(sll)", "too-deep", line, column);
                goto fail;
            }
            st->values++;
            if (st->values > st->max_values && count(st, 0, line, column) < 0)
                goto fail;
            if (ev.type == YAML_ALIAS_EVENT) {
                value = alias_value(st, &ev, &d, len, kl, kc, depth, &height);
                if (value == NULL)
                    goto fail;
            } else {
                if (d.anchor != NULL && mark_anchor(st, d.anchor, ev.start_mark) < 0)
                    goto fail;
                if (ev.type == YAML_SCALAR_EVENT) {
                    value = scalar(st, &ev, d.tag, d.text, line, column, 0);
                    int failed = value == NULL ||
                                 put(st, st->buf, len, NULL, 0, line, column, kl, kc) < 0;
                    if (!failed && d.anchor != NULL) {
                        PyObject *entries = scalar_record(line, column, kl, kc);
                        PyObject *rec = entries ? Py_BuildValue("(OOiOOi)", value, entries, 0,
                                                                Py_False, d.text, 1) : NULL;
                        Py_XDECREF(entries);
                        failed = rec == NULL || PyDict_SetItem(st->anchors, d.anchor, rec) < 0;
                        Py_XDECREF(rec);
                    }
                    if (failed) {
                        Py_XDECREF(value);
                        goto fail;
                    }
                } else {
                    int is_map = ev.type == YAML_MAPPING_START_EVENT;
                    if (d.tag != NULL && strcmp(PyUnicode_AsUTF8(d.tag), "!") != 0 &&
                        strcmp(PyUnicode_AsUTF8(d.tag), is_map ? MAP_TAG : SEQ_TAG) != 0) {
                        raise_problem(st, "(sOll)", "unsafe-tag", d.tag, line, column);
                        goto fail;
                    }
                    PyObject *fresh = is_map ? PyDict_New() : PyList_New(0);
                    int failed = fresh == NULL || push(st, fresh, is_map, len, d.anchor) < 0 ||
                                 put(st, st->buf, len, NULL, 0, line, column, kl, kc) < 0;
                    Py_XDECREF(fresh);
                    if (failed)
                        goto fail;
                    decoded_clear(&d);
                    yaml_event_delete(&ev);
                    continue;
                }
            }
        }
        decoded_clear(&d);
        yaml_event_delete(&ev);
        if (st->depth == 0)
            return value;
        Open *parent = &st->stack[st->depth - 1];
        if (height >= parent->height)
            parent->height = height + 1;
        int r;
        text_hints(st, value);
        if (parent->is_map) {
            r = PyDict_SetItem(parent->value, parent->key, value);
            Py_CLEAR(parent->key);
        } else {
            r = PyList_Append(parent->value, value);
        }
        Py_DECREF(value);
        if (r < 0)
            return NULL;
        continue;
    fail:
        decoded_clear(&d);
        yaml_event_delete(&ev);
        return NULL;
    }
}

/* Mirrors Composer.single_document. */
static PyObject *single_document(State *st)
{
    yaml_event_t ev;
    Decoded d;
    if (next_event(st, &ev, &d, 0) < 0)  /* stream start */
        return NULL;
    yaml_event_delete(&ev);
    if (next_event(st, &ev, &d, 0) < 0)
        return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        raise_problem(st, "(s)", "no-document");
        return NULL;
    }
    yaml_event_delete(&ev);  /* document start */
    /* The root's mark is where the next event starts: compose reads it first. */
    PyObject *root = compose(st);
    if (root == NULL)
        return NULL;
    if (next_event(st, &ev, &d, 0) < 0) {  /* document end */
        Py_DECREF(root);
        return NULL;
    }
    yaml_event_delete(&ev);
    if (next_event(st, &ev, &d, 0) < 0) {
        Py_DECREF(root);
        return NULL;
    }
    if (ev.type != YAML_STREAM_END_EVENT) {
        raise_problem(st, "(s(nn)(nn))", "another-document", (Py_ssize_t)st->root_mark.line,
                      (Py_ssize_t)st->root_mark.column, (Py_ssize_t)ev.start_mark.line,
                      (Py_ssize_t)ev.start_mark.column);
        decoded_clear(&d);
        yaml_event_delete(&ev);
        Py_DECREF(root);
        return NULL;
    }
    yaml_event_delete(&ev);
    return root;
}

/* The UTF-8 of text given as str, or as bytes (the file's, known to be UTF-8: a text with
 * characters outside ASCII is not encoded again). */
static const char *utf8_of(PyObject *text, Py_ssize_t *size)
{
    if (PyBytes_Check(text)) {
        *size = PyBytes_GET_SIZE(text);
        return PyBytes_AS_STRING(text);
    }
    if (PyUnicode_Check(text))
        return PyUnicode_AsUTF8AndSize(text, size);
    PyErr_SetString(PyExc_TypeError, "the text must be str or UTF-8 bytes");
    return NULL;
}

static PyObject *fastyaml_compose(PyObject *self, PyObject *args)
{
    State st;
    memset(&st, 0, sizeof st);
    PyObject *text;
    if (!PyArg_ParseTuple(args, "OlllOO", &text, &st.max_depth, &st.max_values, &st.max_alias,
                          &st.scalar_fn, &st.problem_fn))
        return NULL;
    Py_ssize_t size;
    const char *utf8 = utf8_of(text, &size);
    if (utf8 == NULL)
        return NULL;
    if (!yaml_parser_initialize(&st.parser))
        return PyErr_NoMemory();
    if (buf_reserve(&st, 256) < 0) {
        yaml_parser_delete(&st.parser);
        return NULL;
    }
    yaml_parser_set_input_string(&st.parser, (const unsigned char *)utf8, (size_t)size);
    PyObject *result = NULL, *root = NULL;
    st.anchors = PyDict_New();
    st.anchor_marks = PyDict_New();
    if (st.anchors && st.anchor_marks) {
        root = single_document(&st);
        if (root != NULL) {
            text_hints(&st, root);
            PyObject *hints = PyLong_FromLong(st.hints);
            PyObject *packed = PyBytes_FromStringAndSize(st.packed, (Py_ssize_t)st.packed_len);
            result = hints && packed ? PyTuple_Pack(3, root, packed, hints) : NULL;
            Py_XDECREF(hints);
            Py_XDECREF(packed);
        }
    }
    Py_XDECREF(root);
    while (st.depth > 0)
        open_clear(&st.stack[--st.depth]);
    PyMem_Free(st.stack);
    PyMem_Free(st.buf);
    PyMem_Free(st.packed);
    Py_XDECREF(st.anchors);
    Py_XDECREF(st.anchor_marks);
    yaml_parser_delete(&st.parser);
    return result;
}

/* positions(packed, position_type) -> {pointer: position}: the packed positions of compose,
 * unpacked in their order (what positions.unpack does in Python). */
static PyObject *fastyaml_positions(PyObject *self, PyObject *args)
{
    State st;  /* for position(): its type and its numbers */
    memset(&st, 0, sizeof st);
    const char *at;
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "y#O", &at, &size, &st.position_type))
        return NULL;
    if (!PyType_Check(st.position_type) ||
        !PyType_IsSubtype((PyTypeObject *)st.position_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "the position type must be a tuple subclass");
        return NULL;
    }
    const char *end = at + size;
    PyObject *table = PyDict_New();
    while (table != NULL && at < end) {
        Record r;
        if ((size_t)(end - at) < sizeof r || (memcpy(&r, at, sizeof r), r.length < 0) ||
            (size_t)(end - at) - sizeof r < (size_t)r.length) {
            PyErr_SetString(PyExc_ValueError, "not packed positions");
            Py_CLEAR(table);
            break;
        }
        PyObject *pointer = PyUnicode_DecodeUTF8(at + sizeof r, r.length, "strict");
        PyObject *pos = pointer ? position(&st, r.line, r.column, r.key_line, r.key_column)
                                : NULL;
        if (pos == NULL || PyDict_SetItem(table, pointer, pos) < 0)
            Py_CLEAR(table);
        Py_XDECREF(pointer);
        Py_XDECREF(pos);
        at += sizeof r + (size_t)r.length;
    }
    for (int i = 0; i < 1024; i++)
        Py_XDECREF(st.ints[i]);
    return table;
}

/* For the benchmark: libyaml's share of the time (events parsed, nothing built). */
static PyObject *fastyaml_count_events(PyObject *self, PyObject *text)
{
    Py_ssize_t size, n = 0;
    const char *utf8 = utf8_of(text, &size);
    if (utf8 == NULL)
        return NULL;
    yaml_parser_t parser;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&parser))
        return PyErr_NoMemory();
    yaml_parser_set_input_string(&parser, (const unsigned char *)utf8, (size_t)size);
    int ok;
    while ((ok = yaml_parser_parse(&parser, &ev)) && ev.type != YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        n++;
    }
    if (ok)
        yaml_event_delete(&ev);
    yaml_parser_delete(&parser);
    return PyLong_FromSsize_t(ok ? n : -1);
}

/* position_index(packed) -> bytes: a hash table of the records by pointer (uint32 slots, each
 * the offset of a record plus one, 0 for none), so that find_position looks one up without
 * unpacking the others; a pointer recorded twice finds its last record, as a dict would. */
static int record_at(const char *packed, Py_ssize_t size, Py_ssize_t at, Record *r)
{
    if (size - at < (Py_ssize_t)sizeof *r)
        return -1;
    memcpy(r, packed + at, sizeof *r);
    return r->length < 0 || size - at - (Py_ssize_t)sizeof *r < r->length ? -1 : 0;
}

static PyObject *fastyaml_position_index(PyObject *self, PyObject *args)
{
    const char *packed;
    Py_ssize_t size, count = 0;
    if (!PyArg_ParseTuple(args, "y#", &packed, &size))
        return NULL;
    if (size >= (Py_ssize_t)UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "packed positions too large to index");
        return NULL;
    }
    Record r;
    for (Py_ssize_t at = 0; at < size; at += (Py_ssize_t)sizeof r + r.length, count++)
        if (record_at(packed, size, at, &r) < 0) {
            PyErr_SetString(PyExc_ValueError, "not packed positions");
            return NULL;
        }
    size_t slots = 8;
    while (slots < 2 * (size_t)count)
        slots *= 2;
    PyObject *index = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(slots * sizeof(uint32_t)));
    if (index == NULL)
        return NULL;
    uint32_t *table = (uint32_t *)PyBytes_AS_STRING(index);
    memset(table, 0, slots * sizeof(uint32_t));
    for (Py_ssize_t at = 0; at < size; at += (Py_ssize_t)sizeof r + r.length) {
        record_at(packed, size, at, &r);
        const char *key = packed + at + sizeof r;
        size_t i = fnv1a(key, (size_t)r.length) & (slots - 1);
        for (;; i = (i + 1) & (slots - 1)) {
            if (table[i] != 0) {
                Record other;
                memcpy(&other, packed + table[i] - 1, sizeof other);
                if (other.length != r.length ||
                    memcmp(packed + table[i] - 1 + sizeof other, key, (size_t)r.length) != 0)
                    continue;
            }
            table[i] = (uint32_t)at + 1;
            break;
        }
    }
    return index;
}

/* find_position(packed, index, pointer, position_type) -> the position at pointer, or None. */
static PyObject *fastyaml_find_position(PyObject *self, PyObject *args)
{
    const char *packed, *index;
    Py_ssize_t size, index_size;
    PyObject *pointer, *type;
    if (!PyArg_ParseTuple(args, "y#y#UO", &packed, &size, &index, &index_size, &pointer, &type))
        return NULL;
    size_t slots = (size_t)index_size / sizeof(uint32_t);
    if (slots == 0 || (slots & (slots - 1)) != 0 || !PyType_Check(type) ||
        !PyType_IsSubtype((PyTypeObject *)type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_ValueError, "not a position index and a tuple type");
        return NULL;
    }
    Py_ssize_t n;
    const char *key = PyUnicode_AsUTF8AndSize(pointer, &n);
    if (key == NULL)
        return NULL;
    const uint32_t *table = (const uint32_t *)index;
    for (size_t i = fnv1a(key, (size_t)n) & (slots - 1);; i = (i + 1) & (slots - 1)) {
        uint32_t slot;
        memcpy(&slot, table + i, sizeof slot);
        if (slot == 0)
            Py_RETURN_NONE;
        Record r;
        if ((Py_ssize_t)slot - 1 >= size || record_at(packed, size, (Py_ssize_t)slot - 1, &r) < 0) {
            PyErr_SetString(PyExc_ValueError, "the index is not of these positions");
            return NULL;
        }
        if (r.length == n && memcmp(packed + slot - 1 + sizeof r, key, (size_t)n) == 0) {
            State st;  /* (position() reads only these two) */
            st.position_type = type;
            st.no_ints = 1;
            return position(&st, r.line, r.column, r.key_line, r.key_column);
        }
    }
}

/* ---- the steps of a loop over leaves (dsl/support.placeholder_leaves) ------------------- */

typedef struct {
    PyObject *markers;        /* tuple of str: every placeholder holds one of them */
    unsigned char first[256]; /* first characters of the markers (when below 256) */
    PyObject *dict_values;    /* dict.values, to see that a subclass keeps it */
    Py_ssize_t steps;
    int may_hold;
} Leaves;

/* Whether text holds one of the markers (what "marker in text" says for each). */
static int holds_marker(Leaves *w, PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (kind != PyUnicode_1BYTE_KIND) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(w->markers); i++) {
            Py_ssize_t at = PyUnicode_Find(text, PyTuple_GET_ITEM(w->markers, i), 0, n, 1);
            if (at != -1)
                return at == -2 ? -1 : 1;
        }
        return 0;
    }
    const Py_UCS1 *c = PyUnicode_1BYTE_DATA(text);
    for (Py_ssize_t at = 0; at < n; at++) {
        if (!w->first[c[at]])
            continue;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(w->markers); i++) {
            PyObject *m = PyTuple_GET_ITEM(w->markers, i);
            Py_ssize_t length = PyUnicode_GET_LENGTH(m);
            if (length <= n - at && memcmp(PyUnicode_1BYTE_DATA(m), c + at, (size_t)length) == 0)
                return 1;
        }
    }
    return 0;
}

/* 1 done, 0 something only Python can walk (a subclass that iterates its own way, or depth),
 * -1 an error. */
static int walk_leaves(Leaves *w, PyObject *value, int depth)
{
    if (depth > 200)
        return 0;
    w->steps += 1;
    Py_ssize_t pos = 0, i = 0;
    int is_dict = PyDict_Check(value);
    if (is_dict && !PyDict_CheckExact(value)) {
        PyObject *values = PyObject_GetAttrString((PyObject *)Py_TYPE(value), "values");
        if (values == NULL)
            return -1;
        Py_DECREF(values);
        if (values != w->dict_values)
            return 0;
    } else if (!is_dict && Py_TYPE(value)->tp_iter != PyList_Type.tp_iter) {
        return 0;
    }
    for (;;) {
        PyObject *item;
        if (is_dict) {
            if (!PyDict_Next(value, &pos, NULL, &item))
                break;
        } else {
            if (i >= PyList_GET_SIZE(value))
                break;
            item = PyList_GET_ITEM(value, i++);
        }
        if (PyUnicode_Check(item)) {
            w->steps += 2;
            if (!w->may_hold) {
                int held = holds_marker(w, item);
                if (held < 0)
                    return -1;
                w->may_hold = held;
            }
        } else if (PyDict_Check(item) || PyList_Check(item)) {
            int r = walk_leaves(w, item, depth + 1);
            if (r <= 0)
                return r;
        } else {
            w->steps += 2;
        }
    }
    return 1;
}

/* leaf_steps(value, markers) -> (steps, may hold a marker) or None: the steps of a loop over the
 * leaves below a dict or list (one for it and each dict and list below it, two for each leaf),
 * and whether a text among those leaves holds one of the markers; None when Python must walk. */
static PyObject *fastyaml_leaf_steps(PyObject *self, PyObject *args)
{
    Leaves w;
    memset(&w, 0, sizeof w);
    PyObject *value;
    if (!PyArg_ParseTuple(args, "OO!", &value, &PyTuple_Type, &w.markers))
        return NULL;
    if (!PyDict_Check(value) && !PyList_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "leaf_steps walks a dict or a list");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(w.markers); i++) {
        PyObject *m = PyTuple_GET_ITEM(w.markers, i);
        if (!PyUnicode_Check(m) || PyUnicode_GET_LENGTH(m) == 0 ||
            PyUnicode_KIND(m) != PyUnicode_1BYTE_KIND) {
            PyErr_SetString(PyExc_ValueError, "a marker is a non-empty text below U+0100");
            return NULL;
        }
        w.first[PyUnicode_1BYTE_DATA(m)[0]] = 1;
    }
    w.dict_values = PyObject_GetAttrString((PyObject *)&PyDict_Type, "values");
    if (w.dict_values == NULL)
        return NULL;
    int r = walk_leaves(&w, value, 0);
    Py_DECREF(w.dict_values);
    if (r < 0)
        return NULL;
    if (r == 0)
        Py_RETURN_NONE;
    return Py_BuildValue("(nO)", w.steps, w.may_hold ? Py_True : Py_False);
}

/* ---- the yes/no schema check (fastschema.Program) --------------------------------------- */

/* A program is fastschema.Program's compiled schema: a node is a tuple of operations that must
 * all hold, an operation a tuple (code, argument...). The meaning of every code is that of the
 * Python predicate fastschema compiles (jsonschema's): a keyword about strings passes any
 * other type, and so on. The codes are fastschema's _OP_* numbers. */
enum { OP_FALSE, OP_TYPE, OP_REF, OP_ANYOF, OP_ENUM_TEXT, OP_ENUM, OP_CONST, OP_PATTERN,
       OP_DATE, OP_MINIMUM, OP_MAXIMUM, OP_REQUIRED, OP_PROPERTIES, OP_NO_OTHERS, OP_OTHERS,
       OP_ITEMS, OP_RUNS };
enum { T_STRING = 1, T_OBJECT = 2, T_ARRAY = 4, T_NULL = 8, T_BOOLEAN = 16, T_NUMBER = 32,
       T_INTEGER = 64 };

typedef struct {
    PyObject *defs, *equal, *any_equal, *is_date;  /* borrowed from the program tuple */
} Program;

static int has_type(PyObject *x, long mask)
{
    if ((mask & T_STRING) && PyUnicode_Check(x))
        return 1;
    if ((mask & T_OBJECT) && PyDict_Check(x))
        return 1;
    if ((mask & T_ARRAY) && PyList_Check(x))
        return 1;
    if ((mask & T_NULL) && x == Py_None)
        return 1;
    if (PyBool_Check(x))
        return (mask & T_BOOLEAN) != 0;
    if ((mask & T_NUMBER) && (PyLong_Check(x) || PyFloat_Check(x)))
        return 1;
    if ((mask & T_INTEGER) && PyLong_Check(x))
        return 1;
    if ((mask & T_INTEGER) && PyFloat_Check(x)) {
        double d = PyFloat_AS_DOUBLE(x);
        return isfinite(d) && floor(d) == d;
    }
    return 0;
}

/* fastschema._is_date for ASCII text: exactly YYYY-MM-DD, a date that exists (year 1 on);
 * other text asks Python (its \d takes any decimal digit). */
static int is_date(Program *p, PyObject *x)
{
    if (!PyUnicode_IS_ASCII(x)) {
        PyObject *r = PyObject_CallOneArg(p->is_date, x);
        if (r == NULL)
            return -1;
        int ok = PyObject_IsTrue(r);
        Py_DECREF(r);
        return ok;
    }
    if (PyUnicode_GET_LENGTH(x) != 10)
        return 0;
    const char *s = (const char *)PyUnicode_DATA(x);
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap);
}

static int call_bool(PyObject *fn, PyObject *a, PyObject *b)
{
    PyObject *r = b ? PyObject_CallFunctionObjArgs(fn, a, b, NULL) : PyObject_CallOneArg(fn, a);
    if (r == NULL)
        return -1;
    int ok = PyObject_IsTrue(r);
    Py_DECREF(r);
    return ok;
}

static int valid(Program *p, PyObject *node, PyObject *x, int depth);

/* Whether text from at on matches the runs from run on (fastschema.character_runs: 32 bytes of
 * character bits, the least and the most length, 255 for no limit) and then ends, or ends but
 * for a line break (re's "$"); a run longer than its least gives back characters as needed. */
static int runs_match(const unsigned char *runs, Py_ssize_t count, Py_ssize_t run, int kind,
                      const void *text, Py_ssize_t n, Py_ssize_t at)
{
    if (run == count)
        return at == n || (at == n - 1 && PyUnicode_READ(kind, text, at) == '\n');
    const unsigned char *bits = runs + 34 * run;
    Py_ssize_t least = bits[32], most = bits[33] == 255 ? PY_SSIZE_T_MAX : bits[33], length = 0;
    while (length < most && at + length < n) {
        Py_UCS4 c = PyUnicode_READ(kind, text, at + length);
        if (c > 255 || !(bits[c >> 3] & (1 << (c & 7))))
            break;
        length++;
    }
    for (; length >= least; length--)
        if (runs_match(runs, count, run + 1, kind, text, n, at + length))
            return 1;
    return 0;
}

/* fastschema.equal(x, option) for an option that is text, a number, a boolean or None: 1 or 0;
 * -1 when only Python can say (another option, or x a tuple). Text equals only text, a
 * boolean only a boolean, a number any number that is not a boolean. */
static int scalar_equal(PyObject *x, PyObject *option)
{
    if (PyTuple_Check(x))
        return -1;
    if (PyUnicode_Check(option))
        return PyUnicode_Check(x) && PyUnicode_Compare(x, option) == 0;
    if (option == Py_None)
        return x == Py_None;
    if (PyBool_Check(option))
        return x == option;
    if (PyLong_CheckExact(option) || PyFloat_CheckExact(option)) {
        if (PyBool_Check(x) || !(PyLong_Check(x) || PyFloat_Check(x)))
            return 0;
        int r = PyObject_RichCompareBool(x, option, Py_EQ);
        return r < 0 ? -2 : r;
    }
    return -1;
}

static int valid_op(Program *p, PyObject *op, PyObject *x, int depth)
{
    PyObject *arg = PyTuple_GET_SIZE(op) > 1 ? PyTuple_GET_ITEM(op, 1) : NULL;
    switch (PyLong_AsLong(PyTuple_GET_ITEM(op, 0))) {
    case OP_FALSE:
        return 0;
    case OP_TYPE:
        return has_type(x, PyLong_AsLong(arg));
    case OP_REF:
        return valid(p, PyList_GET_ITEM(p->defs, PyLong_AsSsize_t(arg)), x, depth + 1);
    case OP_ANYOF:
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(arg); i++) {
            int r = valid(p, PyTuple_GET_ITEM(arg, i), x, depth + 1);
            if (r != 0)
                return r;
        }
        return 0;
    case OP_ENUM_TEXT:
        return PyUnicode_Check(x) ? PySet_Contains(arg, x) : 0;
    case OP_ENUM:  /* in C when every option is text, a number, a boolean or None */
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(arg); i++) {
            int r = scalar_equal(x, PyTuple_GET_ITEM(arg, i));
            if (r == -2)
                return -1;
            if (r == -1)
                return call_bool(p->any_equal, arg, x);
            if (r == 1)
                return 1;
        }
        return 0;
    case OP_CONST:  /* text equals only text; anything else as fastschema.equal sees it */
        if (PyUnicode_Check(arg))
            return PyUnicode_Check(x) ? PyUnicode_Compare(x, arg) == 0 : 0;
        return call_bool(p->equal, x, arg);
    case OP_PATTERN: {  /* arg: the compiled pattern's search method */
        if (!PyUnicode_Check(x))
            return 1;
        PyObject *m = PyObject_CallOneArg(arg, x);
        if (m == NULL)
            return -1;
        int found = m != Py_None;
        Py_DECREF(m);
        return found;
    }
    case OP_RUNS:  /* arg: the runs, as bytes */
        if (!PyUnicode_Check(x))
            return 1;
        return runs_match((const unsigned char *)PyBytes_AS_STRING(arg),
                          PyBytes_GET_SIZE(arg) / 34, 0, PyUnicode_KIND(x), PyUnicode_DATA(x),
                          PyUnicode_GET_LENGTH(x), 0);
    case OP_DATE:
        return PyUnicode_Check(x) ? is_date(p, x) : 1;
    case OP_MINIMUM:
    case OP_MAXIMUM:
        if (PyBool_Check(x) || !(PyLong_Check(x) || PyFloat_Check(x)))
            return 1;
        return PyObject_RichCompareBool(x, arg, PyLong_AsLong(PyTuple_GET_ITEM(op, 0)) ==
                                        OP_MINIMUM ? Py_GE : Py_LE);
    case OP_REQUIRED:
        if (!PyDict_Check(x))
            return 1;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(arg); i++) {
            int r = PyDict_Contains(x, PyTuple_GET_ITEM(arg, i));
            if (r <= 0)
                return r;
        }
        return 1;
    case OP_PROPERTIES:  /* arg: ((name, node), ...) */
        if (!PyDict_Check(x))
            return 1;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(arg); i++) {
            PyObject *pair = PyTuple_GET_ITEM(arg, i);
            PyObject *item = PyDict_GetItemWithError(x, PyTuple_GET_ITEM(pair, 0));
            if (item == NULL) {
                if (PyErr_Occurred())
                    return -1;
                continue;
            }
            int r = valid(p, PyTuple_GET_ITEM(pair, 1), item, depth + 1);
            if (r <= 0)
                return r;
        }
        return 1;
    case OP_NO_OTHERS:  /* arg: the known names */
    case OP_OTHERS: {  /* arg: the known names, then the node for the others */
        if (!PyDict_Check(x))
            return 1;
        int others = PyLong_AsLong(PyTuple_GET_ITEM(op, 0)) == OP_OTHERS;
        PyObject *key, *item;
        Py_ssize_t pos = 0;
        while (PyDict_Next(x, &pos, &key, &item)) {
            int known = PySet_Contains(arg, key);
            if (known < 0)
                return -1;
            if (known)
                continue;
            if (!others)
                return 0;
            int r = valid(p, PyTuple_GET_ITEM(op, 2), item, depth + 1);
            if (r <= 0)
                return r;
        }
        return 1;
    }
    case OP_ITEMS:
        if (!PyList_Check(x))
            return 1;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(x); i++) {
            int r = valid(p, arg, PyList_GET_ITEM(x, i), depth + 1);
            if (r <= 0)
                return r;
        }
        return 1;
    }
    PyErr_SetString(PyExc_ValueError, "unknown schema operation");
    return -1;
}

static int valid(Program *p, PyObject *node, PyObject *x, int depth)
{
    if (depth > 500) {  /* a schema that refers to itself without descending */
        PyErr_SetString(PyExc_RecursionError, "schema check too deep");
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(node); i++) {
        int r = valid_op(p, PyTuple_GET_ITEM(node, i), x, depth);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* check(program, value): whether value is valid; program = (root, defs, equal, any_equal,
 * is_date). */
static PyObject *fastyaml_check(PyObject *self, PyObject *args)
{
    PyObject *program, *value;
    if (!PyArg_ParseTuple(args, "O!O", &PyTuple_Type, &program, &value))
        return NULL;
    if (PyTuple_GET_SIZE(program) != 5 || !PyTuple_Check(PyTuple_GET_ITEM(program, 0)) ||
        !PyList_Check(PyTuple_GET_ITEM(program, 1))) {
        PyErr_SetString(PyExc_TypeError, "not a schema program");
        return NULL;
    }
    Program p = {PyTuple_GET_ITEM(program, 1), PyTuple_GET_ITEM(program, 2),
                 PyTuple_GET_ITEM(program, 3), PyTuple_GET_ITEM(program, 4)};
    int r = valid(&p, PyTuple_GET_ITEM(program, 0), value, 0);
    if (r < 0)
        return NULL;
    return PyBool_FromLong(r);
}

static PyObject *fastyaml_libyaml_version(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString(yaml_get_version_string());
}

#ifndef _WIN32
/* ---- stat_groups: the sizes and times a warm run compares, asked of the system in a batch ----
 *
 * os.stat costs 3-4 us a file in Python, most of it making the stat_result; a warm run asks it
 * about 10 000s of files and folders. Here every path's numbers go straight into the packed
 * int64 string the run's index and listings keep (as array("q").tobytes() makes it), with the
 * GIL released and the paths shared out over two threads (the system calls take the time). */

#ifdef __APPLE__
#define ST_MTIM st_mtimespec
#define ST_CTIM st_ctimespec
#else
#define ST_MTIM st_mtim
#define ST_CTIM st_ctim
#endif

typedef struct {
    const char **paths;   /* every group's paths, in order */
    int64_t **slots;      /* where each path's numbers go */
    Py_ssize_t *group;    /* each path's group */
    char *failed;         /* per group: a path could not be asked about (or overflowed) */
    int folders;
    Py_ssize_t start, end;
} StatWork;

static int nanoseconds(int64_t sec, long nsec, int64_t *out)
{
    int64_t ns;
    if (__builtin_mul_overflow(sec, (int64_t)1000000000, &ns) ||
        __builtin_add_overflow(ns, (int64_t)nsec, out))
        return 0;
    return 1;
}

/* One path's numbers as os.stat gives them: (st_size, st_mtime_ns), or for a folder
   (st_dev, st_ino, st_mtime_ns, st_ctime_ns); 0 where Python raises OSError or OverflowError. */
static int stat_one(const char *path, int folders, int64_t *slot)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (!folders) {
        slot[0] = (int64_t)st.st_size;
        return nanoseconds((int64_t)st.ST_MTIM.tv_sec, st.ST_MTIM.tv_nsec, &slot[1]);
    }
    if ((uint64_t)st.st_dev > (uint64_t)INT64_MAX || (uint64_t)st.st_ino > (uint64_t)INT64_MAX)
        return 0;
    slot[0] = (int64_t)st.st_dev;
    slot[1] = (int64_t)st.st_ino;
    return nanoseconds((int64_t)st.ST_MTIM.tv_sec, st.ST_MTIM.tv_nsec, &slot[2]) &&
           nanoseconds((int64_t)st.ST_CTIM.tv_sec, st.ST_CTIM.tv_nsec, &slot[3]);
}

static void *stat_range(void *arg)
{
    StatWork *w = (StatWork *)arg;
    for (Py_ssize_t i = w->start; i < w->end; i++) {
        char *failed = &w->failed[w->group[i]];
        if (__atomic_load_n(failed, __ATOMIC_RELAXED))
            continue;  /* the group's result is None already: as Python, ask no further */
        if (!stat_one(w->paths[i], w->folders, w->slots[i]))
            __atomic_store_n(failed, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

#define STAT_THREAD_MIN 256  /* fewer paths than this are not worth a thread */

/* stat_groups(groups, folders) -> [bytes | None]: per group (its paths joined by "\0", encoded
 * as os.fsencode does; "" is no path) the packed numbers of its paths, or None when one could
 * not be asked about. */
static PyObject *fastyaml_stat_groups(PyObject *self, PyObject *args)
{
    PyObject *groups;
    int folders;
    if (!PyArg_ParseTuple(args, "O!p", &PyList_Type, &groups, &folders))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(groups), width = folders ? 4 : 2, total = 0;
    PyObject *result = PyList_New(n), *encoded = PyList_New(n);
    char *failed = PyMem_Calloc(n ? n : 1, 1);
    const char **paths = NULL;
    int64_t **slots = NULL;
    Py_ssize_t *group = NULL;
    if (result == NULL || encoded == NULL || failed == NULL) {
        if (failed == NULL && !PyErr_Occurred())
            PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t g = 0; g < n; g++) {  /* encode each group, count its paths */
        PyObject *text = PyList_GET_ITEM(groups, g);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "stat_groups: a group is not a str");
            goto error;
        }
        PyObject *raw = PyUnicode_EncodeFSDefault(text);
        if (raw == NULL) {  /* a lone surrogate no file name holds: os.stat raises too */
            if (!PyErr_ExceptionMatches(PyExc_ValueError))
                goto error;
            PyErr_Clear();
            failed[g] = 1;
            Py_INCREF(Py_None);
            raw = Py_None;
        }
        PyList_SET_ITEM(encoded, g, raw);
        Py_ssize_t size = raw == Py_None ? 0 : PyBytes_GET_SIZE(raw), count = 0;
        if (size > 0) {
            count = 1;
            for (const char *c = PyBytes_AS_STRING(raw), *e = c + size;
                 (c = memchr(c, 0, (size_t)(e - c))) != NULL; c++)
                count++;
        }
        PyObject *packed = PyBytes_FromStringAndSize(NULL, count * width * 8);
        if (packed == NULL)
            goto error;
        PyList_SET_ITEM(result, g, packed);
        total += count;
    }
    paths = PyMem_Malloc((total ? total : 1) * sizeof(*paths));
    slots = PyMem_Malloc((total ? total : 1) * sizeof(*slots));
    group = PyMem_Malloc((total ? total : 1) * sizeof(*group));
    if (paths == NULL || slots == NULL || group == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t g = 0; g < n; g++) {  /* the paths lie in the encoded text, "\0"-ended */
        PyObject *raw = PyList_GET_ITEM(encoded, g);
        Py_ssize_t size = raw == Py_None ? 0 : PyBytes_GET_SIZE(raw);
        int64_t *slot = (int64_t *)PyBytes_AS_STRING(PyList_GET_ITEM(result, g));
        const char *c = size ? PyBytes_AS_STRING(raw) : NULL, *e = size ? c + size : NULL;
        while (c != NULL) {
            paths[at] = c;
            slots[at] = slot;
            group[at++] = g;
            slot += width;
            const char *next = memchr(c, 0, (size_t)(e - c));
            c = next != NULL ? next + 1 : NULL;
        }
    }
    StatWork work[2] = {{paths, slots, group, failed, folders, 0, total},
                        {paths, slots, group, failed, folders, total, total}};
    static long cpus = 0;  /* (asked once: the system reads it from a file) */
    if (cpus == 0 && total >= STAT_THREAD_MIN)
        cpus = sysconf(_SC_NPROCESSORS_ONLN);
    Py_BEGIN_ALLOW_THREADS
    pthread_t helper;
    int helped = 0;
    if (total >= STAT_THREAD_MIN && cpus > 1) {
        work[0].end = work[1].start = total / 2;
        helped = pthread_create(&helper, NULL, stat_range, &work[1]) == 0;
        if (!helped)
            work[0].end = total;
    }
    stat_range(&work[0]);
    if (helped)
        pthread_join(helper, NULL);
    Py_END_ALLOW_THREADS
    for (Py_ssize_t g = 0; g < n; g++) {
        if (failed[g]) {
            PyObject *packed = PyList_GET_ITEM(result, g);
            Py_INCREF(Py_None);
            PyList_SET_ITEM(result, g, Py_None);
            Py_DECREF(packed);
        }
    }
    Py_DECREF(encoded);
    PyMem_Free(failed);
    PyMem_Free(paths);
    PyMem_Free(slots);
    PyMem_Free(group);
    return result;
error:
    Py_XDECREF(result);
    Py_XDECREF(encoded);
    PyMem_Free(failed);
    PyMem_Free(paths);
    PyMem_Free(slots);
    PyMem_Free(group);
    return NULL;
}
#endif

static PyMethodDef methods[] = {
    {"compose", fastyaml_compose, METH_VARARGS,
     "compose(text, max_depth, max_values, max_alias, scalar, problem) -> "
     "(data, packed positions, hints); text is str or UTF-8 bytes"},
    {"positions", fastyaml_positions, METH_VARARGS,
     "positions(packed, position_type) -> {pointer: position} (the packed positions unpacked)"},
    {"check", fastyaml_check, METH_VARARGS,
     "check(program, value) -> whether value is valid (fastschema.Program)."},
    {"count_events", fastyaml_count_events, METH_O, "Events in text (-1: a syntax error)."},
    {"position_index", fastyaml_position_index, METH_VARARGS,
     "position_index(packed) -> bytes: the packed positions' records by pointer"},
    {"find_position", fastyaml_find_position, METH_VARARGS,
     "find_position(packed, index, pointer, position_type) -> the position there, or None"},
    {"leaf_steps", fastyaml_leaf_steps, METH_VARARGS,
     "leaf_steps(value, markers) -> (steps, may hold a marker), or None: Python walks."},
    {"libyaml_version", fastyaml_libyaml_version, METH_NOARGS, "The libyaml version in use."},
#ifndef _WIN32
    {"stat_groups", fastyaml_stat_groups, METH_VARARGS,
     "stat_groups(groups, folders) -> [packed int64 numbers or None] (source/stats.py)"},
#endif
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastyaml",
    "libyaml events to data and positions in C (optional accelerator).", -1, methods,
};

/* What accelerator.INTERFACE expects: raised whenever a function's arguments or results change,
   so that a module built from older source is not used (accelerator.py). */
#define FASTYAML_INTERFACE 4

PyMODINIT_FUNC PyInit__fastyaml(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "INTERFACE", FASTYAML_INTERFACE) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
