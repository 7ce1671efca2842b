# Imported targets that Debian's Poco 1.11 CMake package expects but does not define.
if(NOT TARGET MySQL::client)
  find_path(MYSQL_INCLUDE_DIR mysql.h PATH_SUFFIXES mariadb mysql REQUIRED)
  find_library(MYSQL_LIBRARY NAMES mariadb mysqlclient REQUIRED)
  add_library(MySQL::client UNKNOWN IMPORTED)
  set_target_properties(MySQL::client PROPERTIES
    IMPORTED_LOCATION "${MYSQL_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MYSQL_INCLUDE_DIR}")
endif()
if(NOT TARGET PostgreSQL::client)
  find_package(PostgreSQL REQUIRED)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
if(NOT TARGET ODBC::ODBC)
  find_package(ODBC REQUIRED)
endif()
