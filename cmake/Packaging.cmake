# Debian packages through CPack (`cpack -G DEB` in the build directory, or the package test):
#   dbbridge               server component: host, web UI, mysql + postgres plugins, systemd
#                          unit, /etc/dbbridge/dbbridge.yaml, the dbbridge system user
#   dbbridge-odbc-plugins  odbc_plugins component: oracle, dm, oceanbase (unixODBC)
#   dbbridge-sdk-dev       sdk component: headers, libdbbridge_sdk_util.a, CMake package
# Run-time library dependencies come from dpkg-shlibdeps.

# Installed with the package prefix /usr: the configuration names the plugin folder explicitly,
# since the path compiled into the host follows CMAKE_INSTALL_PREFIX (/usr/local by default).
set(DBB_PACKAGE_PLUGIN_DIR /usr/${DBB_PLUGIN_INSTALL_DIR})
configure_file(${PROJECT_SOURCE_DIR}/packaging/dbbridge.yaml.in ${CMAKE_BINARY_DIR}/packaging/dbbridge.yaml @ONLY)
# Absolute destinations: these files belong where Debian and systemd look, whatever the prefix.
install(FILES ${CMAKE_BINARY_DIR}/packaging/dbbridge.yaml DESTINATION /etc/dbbridge COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/dbbridge.service DESTINATION /lib/systemd/system COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/configuration.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT server)

# Until the SDK installs itself (sdk/CMakeLists.txt, install(EXPORT) with its CMake package), the
# -dev package carries the headers.
if(NOT EXISTS ${PROJECT_SOURCE_DIR}/sdk/cmake/dbbridge_sdkConfig.cmake.in)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/dbbridge DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT sdk)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dbbridge)
set(CPACK_PACKAGE_VENDOR dbbridge)
set(CPACK_PACKAGE_CONTACT "dbbridge maintainers <dbbridge@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "DataX-compatible data sync, HTTP API and multiplex compare")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR OFF)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_COMPONENTS_ALL server odbc_plugins sdk)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)  # else maintainer scripts ship 0644
set(CPACK_DEBIAN_PACKAGE_SECTION misc)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME dbbridge)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_DESCRIPTION
    "DataX-compatible data sync, HTTP API and multiplex compare\n dbbridge runs DataX job files, serves an HTTP API and web UI, and compares the\n results of SQL run on several databases. Includes the MySQL and PostgreSQL plugins.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/postinst;${PROJECT_SOURCE_DIR}/packaging/prerm;${PROJECT_SOURCE_DIR}/packaging/postrm;${PROJECT_SOURCE_DIR}/packaging/conffiles")

set(CPACK_DEBIAN_ODBC_PLUGINS_PACKAGE_NAME dbbridge-odbc-plugins)
set(CPACK_DEBIAN_ODBC_PLUGINS_PACKAGE_DEPENDS "unixodbc")
set(CPACK_DEBIAN_ODBC_PLUGINS_DESCRIPTION
    "dbbridge plugins for Oracle, DM and OceanBase over ODBC\n The vendors' ODBC drivers are not included: install them and name them in odbcinst.ini.")

set(CPACK_DEBIAN_SDK_PACKAGE_NAME dbbridge-sdk-dev)
set(CPACK_DEBIAN_SDK_PACKAGE_DEPENDS "libboost-dev")
set(CPACK_DEBIAN_SDK_DESCRIPTION
    "dbbridge plugin SDK: headers and CMake package\n find_package(dbbridge_sdk) and dbbridge_add_plugin() build a plugin out of tree.")

include(CPack)
cpack_add_component(server DISPLAY_NAME "dbbridge server")
cpack_add_component(odbc_plugins DISPLAY_NAME "ODBC plugins" DEPENDS server)
cpack_add_component(sdk DISPLAY_NAME "plugin SDK")
