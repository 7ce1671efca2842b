# dbb_add_plugin(<name> SOURCES ... LIBS ...): one database plugin as a MODULE library
# libdbbridge_<name>.so in the build's plugin directory, installed next to the host. It is the
# installed SDK's dbbridge_add_plugin (sdk/cmake/DbbridgeAddPlugin.cmake, what out-of-tree plugins
# use) plus the build and install locations.
# Convention: plugins/<name>/ builds its code as the static library dbbridge_<name>_impl (so its
# tests can link it directly) and passes only entry.cpp (the Boost.DLL aliases) as SOURCES.
# PACKAGE odbc_plugins puts it in the dbbridge-odbc-plugins .deb (default: the dbbridge package).
include(${PROJECT_SOURCE_DIR}/sdk/cmake/DbbridgeAddPlugin.cmake)
function(dbb_add_plugin name)
  cmake_parse_arguments(A "" "PACKAGE" "SOURCES;LIBS" ${ARGN})
  if(NOT A_PACKAGE)
    set(A_PACKAGE server)
  endif()
  dbbridge_add_plugin(${name} SOURCES ${A_SOURCES} LIBS ${A_LIBS})
  set_target_properties(dbbridge_${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${DBB_PLUGIN_BUILD_DIR})
  install(TARGETS dbbridge_${name} LIBRARY DESTINATION ${DBB_PLUGIN_INSTALL_DIR} COMPONENT ${A_PACKAGE})
  set_property(GLOBAL APPEND PROPERTY DBB_PLUGIN_TARGETS dbbridge_${name})
endfunction()

# dbb_add_test(<name> SOURCES ... LIBS ... [INTEGRATION]): one GoogleTest executable.
# INTEGRATION tests need the servers named by DBBRIDGE_TEST_* and carry the ctest label "integration".
function(dbb_add_test name)
  cmake_parse_arguments(A "INTEGRATION;STANDALONE" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_LIBS} GTest::gtest GTest::gtest_main Threads::Threads)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE
    DBB_PLUGIN_BUILD_DIR="${DBB_PLUGIN_BUILD_DIR}"
    DBB_TEST_PLUGIN_DIR="${CMAKE_BINARY_DIR}/test-plugins"
    DBB_STANDIN_PLUGIN_DIR="${CMAKE_BINARY_DIR}/standin-plugins"
    DBB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    DBB_HOST_BINARY="${CMAKE_BINARY_DIR}/host/dbbridge")
  if(NOT A_STANDALONE)  # tests that load plugins or start the host need them built first
    get_property(plugins GLOBAL PROPERTY DBB_PLUGIN_TARGETS)
    add_dependencies(${name} dbbridge ${plugins})
  endif()
  if(A_INTEGRATION)
    set(labels integration)
  else()
    set(labels unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${labels}" DISCOVERY_TIMEOUT 60)
endfunction()
