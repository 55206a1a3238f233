/* The learned detector's clause scoring (detector.Model.classify), in C for speed.
 *
 * Exactly the arithmetic of the pure-Python path in detector.py, in the same order, so the two
 * give the same floats and the same decisions (safereport/redaction/tests/test_scorer.py checks):
 * each token's word score (the training vocabulary's, or its n-grams' weights summed when met),
 * the score of the pair it makes with the token before, running sums over the tokens, clauses cut
 * at boundaries and joining words, long clauses scored in windows. Words the training never saw
 * are scored here and forgotten with the call: nothing of a report stays in memory.
 *
 * flag(tokens, vocabulary, pairs, weights, break_words, break_prefix, bias, review_at, topic_at,
 *      min_grams, max_clause_words, window, step, pair_tail, pair_head, names_the_domain)
 *   -> [(first token, end token, log-odds), ...] of every clause or window from review_at (topic_at if it names
 *      the domain); what is removed is decided from the log-odds in detector.py
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

typedef struct {
    double total;
    long count;
} Score;

static int read_score(PyObject *pair, Score *out) {
    /* a (float, int) tuple of the model's tables */
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "a score must be a (total, count) tuple");
        return -1;
    }
    out->total = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 0));
    out->count = PyLong_AsLong(PyTuple_GET_ITEM(pair, 1));
    if (PyErr_Occurred()) return -1;
    return 0;
}

static int weight_of(PyObject *weights, PyObject *gram, double *out) {
    PyObject *value = PyDict_GetItemWithError(weights, gram); /* borrowed */
    if (value == NULL) {
        if (PyErr_Occurred()) return -1;
        *out = 0.0;
        return 0;
    }
    *out = PyFloat_AsDouble(value);
    return PyErr_Occurred() ? -1 : 0;
}

/* left[from:to] + " " + right[:upto] (or " " + left + " " when right is NULL), built directly: no format string,
 * no intermediate slices. The result is canonical (its kind fits its widest character), as dict keys must be. */
static PyObject *joined(PyObject *left, Py_ssize_t from, Py_ssize_t to, PyObject *right, Py_ssize_t upto) {
    int padded = right == NULL;
    Py_ssize_t size = padded ? (to - from) + 2 : (to - from) + 1 + upto;
    Py_UCS4 widest = ' ';
    int lkind = PyUnicode_KIND(left);
    const void *ldata = PyUnicode_DATA(left);
    for (Py_ssize_t i = from; i < to; i++) {
        Py_UCS4 ch = PyUnicode_READ(lkind, ldata, i);
        if (ch > widest) widest = ch;
    }
    int rkind = 0;
    const void *rdata = NULL;
    if (!padded) {
        rkind = PyUnicode_KIND(right);
        rdata = PyUnicode_DATA(right);
        for (Py_ssize_t i = 0; i < upto; i++) {
            Py_UCS4 ch = PyUnicode_READ(rkind, rdata, i);
            if (ch > widest) widest = ch;
        }
    }
    PyObject *out = PyUnicode_New(size, widest);
    if (out == NULL) return NULL;
    int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    Py_ssize_t at = 0;
    if (padded) PyUnicode_WRITE(okind, odata, at++, ' ');
    for (Py_ssize_t i = from; i < to; i++) PyUnicode_WRITE(okind, odata, at++, PyUnicode_READ(lkind, ldata, i));
    PyUnicode_WRITE(okind, odata, at++, ' ');
    if (!padded)
        for (Py_ssize_t i = 0; i < upto; i++) PyUnicode_WRITE(okind, odata, at++, PyUnicode_READ(rkind, rdata, i));
    return out;
}

/* Model.word_score() for a word not in the vocabulary: " word " cut into 2- to 5-grams. */
static int unseen_word_score(PyObject *weights, PyObject *word, Score *out) {
    PyObject *padded = joined(word, 0, PyUnicode_GET_LENGTH(word), NULL, 0);
    if (padded == NULL) return -1;
    Py_ssize_t length = PyUnicode_GET_LENGTH(padded);
    double total = 0.0;
    long count = 0;
    for (Py_ssize_t n = 2; n <= 5; n++) {
        if (length <= n) {
            double w;
            if (weight_of(weights, padded, &w) < 0) goto fail;
            total = total + w;
            count += 1;
            break;
        }
        double sum = 0.0;
        for (Py_ssize_t i = 0; i + n <= length; i++) {
            PyObject *gram = PyUnicode_Substring(padded, i, i + n);
            if (gram == NULL) goto fail;
            double w;
            int failed = weight_of(weights, gram, &w);
            Py_DECREF(gram);
            if (failed < 0) goto fail;
            sum += w;
        }
        total += sum;
        count += (long)(length - n + 1);
    }
    Py_DECREF(padded);
    out->total = total;
    out->count = count;
    return 0;
fail:
    Py_DECREF(padded);
    return -1;
}

/* Model.key_score() for a pair key not in the table: "tail head" -> every tail suffix, a space, every head prefix. */
static int unseen_key_score(PyObject *weights, PyObject *tail, PyObject *head, Score *out) {
    Py_ssize_t tails = PyUnicode_GET_LENGTH(tail), heads = PyUnicode_GET_LENGTH(head);
    double sum = 0.0;
    for (Py_ssize_t i = 1; i <= tails; i++) {
        for (Py_ssize_t j = 1; j <= heads; j++) {
            PyObject *gram = joined(tail, tails - i, tails, head, j);
            if (gram == NULL) return -1;
            double w;
            int failed = weight_of(weights, gram, &w);
            Py_DECREF(gram);
            if (failed < 0) return -1;
            sum += w;
        }
    }
    out->total = sum;
    out->count = (long)(tails * heads);
    return 0;
}

static PyObject *flag(PyObject *self, PyObject *args) {
    PyObject *tokens, *vocabulary, *pairs, *weights, *break_words, *break_prefix, *names_the_domain;
    double bias, review_at, topic_at;
    long min_grams;
    Py_ssize_t max_clause_words, window, step, pair_tail, pair_head;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OUdddlnnnnnO", &PyList_Type, &tokens, &PyDict_Type, &vocabulary, &PyDict_Type,
                          &pairs, &PyDict_Type, &weights, &break_words, &break_prefix, &bias, &review_at,
                          &topic_at, &min_grams, &max_clause_words, &window, &step, &pair_tail, &pair_head,
                          &names_the_domain))
        return NULL;
    if (PyUnicode_GET_LENGTH(break_prefix) != 1) {
        PyErr_SetString(PyExc_ValueError, "break_prefix must be one character");
        return NULL;
    }
    Py_UCS4 prefix = PyUnicode_READ_CHAR(break_prefix, 0);
    Py_ssize_t size = PyList_GET_SIZE(tokens);
    PyObject *flagged = PyList_New(0);
    if (flagged == NULL || size == 0) return flagged;

    double *total_upto = NULL, *pair_total = NULL;
    long *count_upto = NULL, *pair_count = NULL;
    PyObject *seen_words = NULL, *seen_keys = NULL;
    total_upto = PyMem_Malloc(sizeof(double) * (size + 1));
    count_upto = PyMem_Malloc(sizeof(long) * (size + 1));
    pair_total = PyMem_Malloc(sizeof(double) * size);
    pair_count = PyMem_Malloc(sizeof(long) * size);
    seen_words = PyDict_New(); /* unseen word -> its score, for this call only */
    seen_keys = PyDict_New();
    if (!total_upto || !count_upto || !pair_total || !pair_count || !seen_words || !seen_keys) {
        PyErr_NoMemory();
        goto fail;
    }
    total_upto[0] = 0.0;
    count_upto[0] = 0;
    PyObject *previous = NULL;
    for (Py_ssize_t index = 0; index < size; index++) {
        PyObject *token = PyList_GET_ITEM(tokens, index);
        if (!PyUnicode_Check(token)) {
            PyErr_SetString(PyExc_TypeError, "tokens must be strings");
            goto fail;
        }
        Score word = {0.0, 0}, pair = {0.0, 0};
        Py_ssize_t length = PyUnicode_GET_LENGTH(token);
        if (length) {
            PyObject *known = PyDict_GetItemWithError(vocabulary, token);
            if (known == NULL && PyErr_Occurred()) goto fail;
            if (known == NULL) known = PyDict_GetItemWithError(seen_words, token);
            if (known == NULL && PyErr_Occurred()) goto fail;
            if (known != NULL) {
                if (read_score(known, &word) < 0) goto fail;
            } else {
                if (unseen_word_score(weights, token, &word) < 0) goto fail;
                PyObject *remembered = Py_BuildValue("(dl)", word.total, word.count);
                if (remembered == NULL) goto fail;
                int failed = PyDict_SetItem(seen_words, token, remembered);
                Py_DECREF(remembered);
                if (failed < 0) goto fail;
            }
            Py_ssize_t before = previous ? PyUnicode_GET_LENGTH(previous) : 0;
            if (before) {
                Py_ssize_t tail_from = before > pair_tail ? before - pair_tail : 0;
                Py_ssize_t head_to = length < pair_head ? length : pair_head;
                PyObject *key = joined(previous, tail_from, before, token, head_to);
                PyObject *tail = NULL, *head = NULL;
                int failed = key == NULL;
                if (!failed) {
                    PyObject *known_pair = PyDict_GetItemWithError(pairs, key);
                    if (known_pair == NULL && !PyErr_Occurred()) known_pair = PyDict_GetItemWithError(seen_keys, key);
                    if (known_pair != NULL) {
                        failed = read_score(known_pair, &pair) < 0;
                    } else if (PyErr_Occurred()) {
                        failed = 1;
                    } else {
                        tail = PyUnicode_Substring(previous, tail_from, before);
                        head = tail ? PyUnicode_Substring(token, 0, head_to) : NULL;
                        failed = head == NULL || unseen_key_score(weights, tail, head, &pair) < 0;
                        if (!failed) {
                            PyObject *remembered = Py_BuildValue("(dl)", pair.total, pair.count);
                            failed = remembered == NULL || PyDict_SetItem(seen_keys, key, remembered) < 0;
                            Py_XDECREF(remembered);
                        }
                    }
                }
                Py_XDECREF(tail);
                Py_XDECREF(head);
                Py_XDECREF(key);
                if (failed) goto fail;
            }
        }
        pair_total[index] = pair.total;
        pair_count[index] = pair.count;
        total_upto[index + 1] = total_upto[index] + (word.total + pair.total);
        count_upto[index + 1] = count_upto[index] + (word.count + pair.count);
        previous = token;
    }

    /* segment() and windows(): a clause ends at a boundary or a joining word, and before an Arabic word that
     * starts with the prefix; each clause (or window of a long one) is scored as it closes. */
    Py_ssize_t opened = -1;
    for (Py_ssize_t index = 0; index <= size; index++) {
        Py_ssize_t close_at = -1, reopen = -1;
        if (index == size) {
            if (opened >= 0) close_at = size;
        } else {
            PyObject *token = PyList_GET_ITEM(tokens, index);
            Py_ssize_t length = PyUnicode_GET_LENGTH(token);
            int breaks = length == 0;
            if (!breaks) {
                breaks = PySet_Contains(break_words, token);
                if (breaks < 0) goto fail;
            }
            if (breaks) {
                if (opened >= 0) close_at = index;
            } else if (opened < 0) {
                opened = index;
            } else if (length >= 3 && PyUnicode_READ_CHAR(token, 0) == prefix) {
                close_at = index;
                reopen = index;
            }
        }
        if (close_at < 0) continue;
        Py_ssize_t first_token = opened, words = close_at - opened;
        opened = reopen;
        Py_ssize_t spans = words > max_clause_words ? (words - window + step + step - 1) / step : 1;
        for (Py_ssize_t s = 0; s < spans; s++) {
            Py_ssize_t first = words > max_clause_words ? s * step : 0;
            Py_ssize_t last = words > max_clause_words ? (first + window < words ? first + window : words) : words;
            Py_ssize_t a = first_token + first, b = first_token + last;
            double total = total_upto[b] - total_upto[a] - pair_total[a];
            long count = count_upto[b] - count_upto[a] - pair_count[a];
            double logit = bias + total / sqrt((double)(count > min_grams ? count : min_grams));
            int mark = logit >= review_at;
            if (!mark && logit >= topic_at) {
                PyObject *clause = PyList_GetSlice(tokens, a, b);
                if (clause == NULL) goto fail;
                PyObject *named = PyObject_CallOneArg(names_the_domain, clause);
                Py_DECREF(clause);
                if (named == NULL) goto fail;
                mark = PyObject_IsTrue(named);
                Py_DECREF(named);
                if (mark < 0) goto fail;
            }
            if (mark) {
                PyObject *item = Py_BuildValue("(nnd)", a, b, logit);
                if (item == NULL || PyList_Append(flagged, item) < 0) {
                    Py_XDECREF(item);
                    goto fail;
                }
                Py_DECREF(item);
            }
        }
    }
    PyMem_Free(total_upto);
    PyMem_Free(count_upto);
    PyMem_Free(pair_total);
    PyMem_Free(pair_count);
    Py_DECREF(seen_words);
    Py_DECREF(seen_keys);
    return flagged;
fail:
    PyMem_Free(total_upto);
    PyMem_Free(count_upto);
    PyMem_Free(pair_total);
    PyMem_Free(pair_count);
    Py_XDECREF(seen_words);
    Py_XDECREF(seen_keys);
    Py_DECREF(flagged);
    return NULL;
}

static PyMethodDef methods[] = {
    {"flag", flag, METH_VARARGS, "The clauses to remove or mark, as (first token, end token, remove?)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scorer", NULL, -1, methods};

PyMODINIT_FUNC PyInit__scorer(void) { return PyModule_Create(&module); }
