# dbbridge_add_plugin(<name> SOURCES ... [LIBS ...]): builds libdbbridge_<name>.so, a plugin the
# dbbridge host loads from its plugin directory. The module embeds dbbridge::sdk_util, exports
# only what DBB_DECLARE_PLUGIN declares (hidden visibility) and refuses undefined symbols, so a
# missing library fails the link instead of the host's load.
function(dbbridge_add_plugin name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  add_library(dbbridge_${name} MODULE ${A_SOURCES})
  target_link_libraries(dbbridge_${name} PRIVATE dbbridge::sdk_util ${A_LIBS})
  target_compile_features(dbbridge_${name} PRIVATE cxx_std_17)
  target_link_options(dbbridge_${name} PRIVATE "LINKER:--no-undefined")
  set_target_properties(dbbridge_${name} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
