#pragma once
// The one place that touches Poco's SessionFactory singleton: registers the SQLite, PostgreSQL
// and MySQL connectors. Call once at start-up (main, or a test's set-up) before opening a
// MetadataStore; calling it again is harmless. Thread-safe.

namespace dbbridge::core {

void RegisterStoreConnectors();

}  // namespace dbbridge::core
