#include <iostream>

int main(int argc, char** argv) {
    std::cout << "dbbridge " << DBB_VERSION << "\n";
    return 0;
}
