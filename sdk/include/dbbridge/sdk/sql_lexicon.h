#pragma once
// How a dialect's SQL text splits into tokens: which quotes open literals and identifiers,
// which comments exist, whether a backslash escapes. A plugin declares its lexicon as data
// (Dialect::Lexicon); the one SQL lexer (sdk/util/sql_lexer.h) reads it, so bind rewriting,
// multiplex statement analysis and the translator agree on where a literal ends.

namespace dbbridge::sdk {

struct SqlLexicon {
    bool backslash_escapes = false;      // MySQL: 'it\'s' (a backslash escapes inside literals)
    bool double_quoted_strings = false;  // MySQL: "text" is a string literal, not an identifier
    bool backtick_identifiers = false;   // MySQL: `name`
    bool hash_comments = false;          // MySQL: # to end of line
    bool dash_comment_needs_space = false;  // MySQL: "--" opens a comment only before a blank
    bool q_quotes = false;               // Oracle: q'[...]', q'{...}', q'<...>', q'!...!'
    bool dollar_quotes = false;          // PostgreSQL: $$...$$ and $tag$...$tag$; $1 is a bind
    bool escape_strings = false;         // PostgreSQL: E'it\'s' (backslash escapes after E only)
    bool float_suffixes = false;         // Oracle: 1.5f / 2d binary float literals

    // Presets for the three SQL families every built-in plugin belongs to.
    static SqlLexicon Oracle() {
        SqlLexicon l;
        l.q_quotes = true;
        l.float_suffixes = true;
        return l;
    }
    static SqlLexicon MySql() {
        SqlLexicon l;
        l.backslash_escapes = true;
        l.double_quoted_strings = true;
        l.backtick_identifiers = true;
        l.hash_comments = true;
        l.dash_comment_needs_space = true;
        return l;
    }
    static SqlLexicon Postgres() {
        SqlLexicon l;
        l.dollar_quotes = true;
        l.escape_strings = true;
        return l;
    }
};

}  // namespace dbbridge::sdk
