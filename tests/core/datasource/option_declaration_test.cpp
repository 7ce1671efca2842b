// What the plugin registry refuses in a dialect's option declaration (CheckDeclaration), and how
// secret options are shown.
#include <gtest/gtest.h>

#include "core/datasource/datasource_options.h"

namespace dbbridge::core {
namespace {

using sdk::OptionSpec;

std::string Refusal(std::vector<OptionSpec> declared) {
    sdk::Status st = CheckDeclaration(declared);
    EXPECT_FALSE(st.ok()) << "accepted";
    EXPECT_EQ(st.code(), sdk::StatusCode::kInvalidArgument);
    return st.message();
}

TEST(OptionDeclarationTest, AGoodDeclarationPasses) {
    EXPECT_TRUE(CheckDeclaration({OptionSpec::Text("dsn", "a data source").LocatesServer(),
                                  OptionSpec::Choice("mode", "how", {"a", "b"}).Default("b"),
                                  OptionSpec::Integer("retries", "tries", 0, 5).Default("5"),
                                  OptionSpec::Boolean("tls", "use TLS").Default("true")})
                    .ok());
}

TEST(OptionDeclarationTest, EachMistakeIsRefusedNamingTheOption) {
    EXPECT_NE(Refusal({OptionSpec::Text("Host_Name", "x")}).find("option name 'Host_Name' must be lower-case"),
              std::string::npos);
    EXPECT_NE(Refusal({OptionSpec::Text("1st", "x")}).find("'1st'"), std::string::npos);
    EXPECT_NE(Refusal({OptionSpec::Text("", "x")}).find("option name ''"), std::string::npos);
    EXPECT_EQ(Refusal({OptionSpec::Choice("mode", "how", {})}), "option mode: a choice needs allowed values");
    EXPECT_EQ(Refusal({OptionSpec::Choice("mode", "how", {"a"}).Default("c")}),
              "option mode default must be one of a (got 'c')");
    EXPECT_EQ(Refusal({OptionSpec::Integer("n", "count", 0, 5).Default("9")}),
              "option n default must be an integer from 0 to 5 (got '9')");
    EXPECT_EQ(Refusal({OptionSpec::Integer("n", "count", 5, 1)}), "option n: min 5 is above max 1");
    EXPECT_EQ(Refusal({OptionSpec::Boolean("tls", "use TLS").Default("yes")}),
              "option tls default must be true or false (got 'yes')");
    EXPECT_EQ(Refusal({OptionSpec::Text("dsn", "")}), "option dsn: the description must be one non-empty line");
    EXPECT_EQ(Refusal({OptionSpec::Text("dsn", "two\nlines")}),
              "option dsn: the description must be one non-empty line");
    EXPECT_EQ(Refusal({OptionSpec::Text("dsn", "a"), OptionSpec::Text("dsn", "b")}), "option dsn is declared twice");
}

TEST(OptionDeclarationTest, SecretOptionsAreMaskedButTheConnectionStringKeepsItsRest) {
    const std::vector<OptionSpec> declared{OptionSpec::Text("token", "t").Secret(),
                                           OptionSpec::Text("connection_string", "cs").Secret(),
                                           OptionSpec::Text("region", "r"), OptionSpec::Text("key", "k").Secret()};
    std::map<std::string, std::string> options{
        {"token", "s3cret"}, {"connection_string", "Server=h;"}, {"region", "eu"}, {"key", ""}};
    MaskSecretOptions(options, declared);
    EXPECT_EQ(options.at("token"), kSecretOptionMask);
    EXPECT_EQ(options.at("connection_string"), "Server=h;");  // its password was moved out when saved
    EXPECT_EQ(options.at("region"), "eu");
    EXPECT_EQ(options.at("key"), "");  // nothing to hide: the form shows it empty
}

}  // namespace
}  // namespace dbbridge::core
