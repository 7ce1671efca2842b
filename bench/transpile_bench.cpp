// Translates a generated 2,000-line Oracle script (one statement per line, a mix of the
// constructs the rules rewrite) for POSTGRESQL and MYSQL and prints the time. Target: < 50 ms.

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/sql/transpiler.h"

int main() {
    const std::vector<std::string> kLines = {
        "SELECT NVL(e.comm, 0), DECODE(e.deptno, 10, 'A', 20, 'B', 'C') FROM emp e WHERE e.sal > :min_sal;",
        "SELECT d.dname, e.ename FROM dept d, emp e WHERE d.deptno = e.deptno(+) AND e.job(+) = 'CLERK';",
        "SELECT ename FROM (SELECT ename FROM emp ORDER BY sal DESC) WHERE ROWNUM <= 10;",
        "SELECT TO_CHAR(hiredate, 'YYYY-MM-DD HH24:MI:SS'), ADD_MONTHS(hiredate, 3), TRUNC(SYSDATE) FROM emp;",
        "SELECT ename || ' (' || job || ')' FROM emp WHERE ename LIKE 'S%' /* comment */ AND deptno IN (10, 20);",
        "SELECT LEVEL, empno FROM emp START WITH mgr IS NULL CONNECT BY PRIOR empno = mgr;",
        "INSERT INTO emp (empno, ename, hiredate) VALUES (s_emp.NEXTVAL, 'X', TO_DATE('2024-01-01', 'YYYY-MM-DD'));",
        "UPDATE emp SET sal = sal * 1.1, comm = '' WHERE deptno = 30 AND SUBSTR(ename, -2) = 'ES';",
        "SELECT deptno, LISTAGG(ename, ',') WITHIN GROUP (ORDER BY ename) FROM emp GROUP BY deptno HAVING COUNT(*) > 2;",
        "SELECT deptno FROM dept MINUS SELECT deptno FROM emp;",
        "SELECT ename, sal FROM emp ORDER BY sal DESC NULLS LAST OFFSET 5 ROWS FETCH NEXT 5 ROWS ONLY;",
    };
    std::string script;
    for (int i = 0; i < 2000; ++i) {
        script += kLines[i % kLines.size()] + "\n";
    }
    for (const char* target : {"POSTGRESQL", "MYSQL", "LIGHTDB_ORACLE"}) {
        auto start = std::chrono::steady_clock::now();
        auto r = dbbridge::sql::TranspileForTarget("ORACLE", target, script);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (!r.ok()) {
            std::printf("%s: error %s\n", target, r.status().message().c_str());
            return 1;
        }
        std::printf("ORACLE -> %-15s 2000 lines, %zu bytes in, %zu bytes out: %.1f ms\n", target, script.size(),
                    r->sql.size(), ms);
    }
    return 0;
}
